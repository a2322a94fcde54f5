package com.stedi.lakehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(
    name = "stedi",
    mixinStandardHelpOptions = true,
    version = "stedi-lakehouse 0.1.0",
    description =
        "The STEDI Step Trainer lakehouse: Iceberg tables in landing, trusted and curated.",
    subcommands = {
      InitCommand.class,
      RunCommand.class,
      ReportCommand.class,
      SqlCommand.class,
      GenerateCommand.class,
      DemoCommand.class,
      MaintainCommand.class,
      HelpCommand.class
    })
final class StediCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        "Missing command: choose one of init, run, maintain, report, sql, generate, demo");
  }
}
