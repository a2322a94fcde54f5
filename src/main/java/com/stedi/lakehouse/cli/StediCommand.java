package com.stedi.lakehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(
    name = "stedi",
    mixinStandardHelpOptions = true,
    versionProvider = StediCommand.Version.class,
    description =
        "The STEDI Step Trainer lakehouse: Iceberg tables in landing, trusted and curated.",
    subcommands = {
      InitCommand.class,
      MigrateCommand.class,
      RunCommand.class,
      ReportCommand.class,
      SqlCommand.class,
      TablesCommand.class,
      DescribeCommand.class,
      HistoryCommand.class,
      AsOfCommand.class,
      DiffCommand.class,
      RollbackCommand.class,
      GenerateCommand.class,
      DemoCommand.class,
      MaintainCommand.class,
      ErasureCheckCommand.class,
      HelpCommand.class
    })
final class StediCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** `stedi --version`: the version the jar was built as. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {com.stedi.lakehouse.config.ToolVersion.current()};
    }
  }

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        "Missing command: choose one of init, migrate, run, maintain, report, sql, tables, describe,"
            + " history, as-of, diff, rollback, generate, demo, erasure-check");
  }
}
