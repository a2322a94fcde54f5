package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.config.UsageException;
import com.stedi.lakehouse.migration.AppliedMigration;
import com.stedi.lakehouse.migration.MigrationStatus;
import com.stedi.lakehouse.migration.SchemaMigrations;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Apply the pending schema migrations, once each, in version order.",
      "The migrations are migrations/V<NNN>__*.sql; each applied one is recorded in",
      "ops.schema_history. Holds the warehouse's run lock while it applies.",
      "JSON: with --status or --dry-run, a list of versions; else the versions applied."
    })
final class MigrateCommand extends LakehouseCommand {
  @ArgGroup(exclusive = true)
  Mode mode = new Mode();

  static final class Mode {
    @Option(names = "--status", description = "Show every version: applied, pending, failed.")
    boolean status;

    @Option(
        names = "--dry-run",
        description = "Print the statements that would run, applying nothing.")
    boolean dryRun;
  }

  @Option(
      names = "--to",
      paramLabel = "VERSION",
      description = "Apply the versions up to this one only, e.g. --to 1 or --to V001.")
  String to;

  @Mixin WaitOption waitOption;

  @Mixin FormatOption format;

  @Override
  public Integer call() {
    int target = target();
    SchemaMigrations migrations = SchemaMigrations.bundled(open());
    if (mode.status) {
      format.printList(
          out(), migrations.status(), MigrateCommand::statusJson, MigrateCommand::statusText);
    } else if (mode.dryRun) {
      format.printList(out(), migrations.pending(target), this::planJson, this::planText);
    } else {
      List<AppliedMigration> applied =
          underRunLock(waitOption.waitForLock, lock -> migrations.migrate(target, err()::println));
      format.printList(out(), applied, MigrateCommand::appliedJson, MigrateCommand::appliedText);
    }
    return ExitCode.OK;
  }

  private int target() {
    if (to == null) {
      return SchemaMigrations.LATEST;
    }
    String digits = to.startsWith("V") || to.startsWith("v") ? to.substring(1) : to;
    if (!digits.matches("\\d{1,9}")) {
      throw new UsageException(
          "Invalid value for --to: '" + to + "' (expected a version such as 2 or V002)");
    }
    return Integer.parseInt(digits);
  }

  private static void statusText(PrintWriter out, List<MigrationStatus> status) {
    out.printf(
        "%-6s %-9s %-24s %-24s %s%n",
        "version", "state", "applied at", "applied by", "description");
    for (MigrationStatus s : status) {
      AppliedMigration a = s.applied();
      out.printf(
          "%-7s %-9s %-24s %-24s %s%n",
          s.label(),
          s.state().word(),
          a == null ? "" : a.appliedAt().toString(),
          a == null ? "" : a.appliedBy(),
          s.description());
    }
  }

  private void planText(PrintWriter out, List<MigrationStatus> pending) {
    if (pending.isEmpty()) {
      out.println("-- nothing to apply: the schema is up to date");
    }
    for (MigrationStatus s : pending) {
      out.println("-- " + s.script() + (s.statementsDone() > 0 ? " (resumed)" : ""));
      statementsToRun(s).forEach(statement -> out.println(statement + ";"));
      out.println();
    }
  }

  private Map<String, Object> planJson(MigrationStatus s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", s.label());
    json.put("script", s.script());
    json.put("statements", statementsToRun(s));
    return json;
  }

  /** The statements still to run, as they run in this catalog. */
  private List<String> statementsToRun(MigrationStatus s) {
    List<String> statements = s.migration().statements(Namespaces.of(config()));
    return statements.subList(s.statementsDone(), statements.size());
  }

  private static void appliedText(PrintWriter out, List<AppliedMigration> applied) {
    if (applied.isEmpty()) {
      out.println("Nothing to apply: the schema is up to date.");
    }
    for (AppliedMigration a : applied) {
      out.printf(
          "applied %s %s (%d statements, %.1f s)%n",
          a.label(), a.description(), a.statements(), a.executionMillis() / 1000.0);
    }
  }

  private static Map<String, Object> statusJson(MigrationStatus s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", s.label());
    json.put("description", s.description());
    json.put("script", s.script());
    json.put("state", s.state().word());
    AppliedMigration a = s.applied();
    json.put("applied_at", a == null ? null : a.appliedAt().toString());
    json.put("applied_by", a == null ? null : a.appliedBy());
    json.put("checksum", s.migration() == null ? a.checksum() : s.migration().checksum());
    return json;
  }

  private static Map<String, Object> appliedJson(AppliedMigration a) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", a.label());
    json.put("description", a.description());
    json.put("script", a.script());
    json.put("statements", a.statements());
    json.put("millis", a.executionMillis());
    return json;
  }
}
