package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.migration.AppliedMigration;
import com.stedi.lakehouse.migration.SchemaMigrations;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create the lakehouse: the namespaces, then every table, by applying the migrations.",
      "On an existing lakehouse with pending migrations it refuses unless --migrate is given."
    })
final class InitCommand extends LakehouseCommand {
  @Option(
      names = "--migrate",
      description = "Apply the pending migrations of an existing lakehouse.")
  boolean migrate;

  @Override
  public Integer call() {
    SchemaMigrations migrations = SchemaMigrations.bundled(open());
    List<AppliedMigration> applied =
        underRunLock(false, lock -> migrations.prepare(migrate, err()::println));
    if (applied.isEmpty()) {
      out().println("The lakehouse in " + config().warehouse() + " is up to date; nothing to do.");
    } else {
      applied.forEach(a -> out().println("applied " + a.label() + " " + a.description()));
    }
    return ExitCode.OK;
  }
}
