package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.ops.RunSummary;
import com.stedi.lakehouse.ops.TableChange;
import com.stedi.lakehouse.timetravel.TableRollback;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Restore trusted and curated tables to an earlier state, as a new snapshot.",
      "Nothing is lost: the rollback is undone by rolling back to the snapshot before it.",
      "Customers who no longer consent stay out. The next run brings the tables forward from",
      "landing again.",
      "Examples: stedi rollback --run run-20261123T010000Z-3f9a1c",
      "          stedi rollback --table trusted.customer --to 2026-11-23T01:00:00Z",
      "JSON: one object."
    })
final class RollbackCommand extends LakehouseCommand {
  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(
        names = "--run",
        paramLabel = "RUN_ID",
        description = "Every trusted and curated table as it was after this run.")
    String runId;

    @ArgGroup(exclusive = false)
    OneTable oneTable;
  }

  static final class OneTable {
    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "One table.")
    String table;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "SNAPSHOT|TAG|RUN|TIME",
        description = "Its state to restore: a snapshot id, tag, run id, or time (UTC).")
    String to;
  }

  @Mixin WaitOption waitOption;

  @Mixin FormatOption format;

  @Override
  public Integer call() {
    TableRollback rollback =
        new TableRollback(
            openInitialized(), Clock.systemUTC(), config().run().tagRetention(), err()::println);
    TableRollback.Plan plan =
        target.runId != null
            ? rollback.toRun(target.runId)
            : rollback.tableTo(table(target.oneTable.table), target.oneTable.to);
    RunSummary summary = underRunLock(waitOption.waitForLock, lock -> rollback.rollback(plan));
    format.print(out(), () -> json(summary, plan), out -> text(out, summary, plan));
    return ExitCode.OK;
  }

  private static Map<String, Object> json(RunSummary summary, TableRollback.Plan plan) {
    List<Map<String, Object>> tables = new ArrayList<>();
    for (int i = 0; i < plan.targets().size(); i++) {
      TableChange c = summary.tables().get(i);
      Map<String, Object> table = new LinkedHashMap<>();
      table.put("table", c.table().logicalName());
      table.put("restored_snapshot", plan.targets().get(i).snapshotId());
      table.put("rows", c.rowsRead());
      table.put("added", c.inserted());
      table.put("removed", c.deleted());
      table.put("snapshot_id", c.snapshotId());
      tables.add(table);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("rollback_id", summary.runId());
    result.put("tables", tables);
    return result;
  }

  private static void text(PrintWriter out, RunSummary summary, TableRollback.Plan plan) {
    out.println(summary.runId() + (summary.changedAnything() ? " restored:" : " changed nothing:"));
    List<List<String>> lines = new ArrayList<>();
    for (int i = 0; i < plan.targets().size(); i++) {
      TableChange c = summary.tables().get(i);
      lines.add(
          List.of(
              c.table().logicalName(),
              Long.toString(plan.targets().get(i).snapshotId()),
              Long.toString(c.rowsRead()),
              Long.toString(c.inserted()),
              Long.toString(c.deleted()),
              TextTable.text(c.snapshotId())));
    }
    TextTable.print(
        out,
        List.of("table", "restored snapshot", "rows", "added", "removed", "new snapshot"),
        lines);
  }
}
