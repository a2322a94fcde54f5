package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.UsageException;
import com.stedi.lakehouse.ops.RunLock;
import com.stedi.lakehouse.ops.RunSummary;
import com.stedi.lakehouse.ops.TableChange;
import com.stedi.lakehouse.timetravel.SnapshotLookup;
import com.stedi.lakehouse.timetravel.TableRollback;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
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
    SparkSession spark = openInitialized();
    SnapshotLookup lookup = new SnapshotLookup(spark);
    List<TableRollback.Target> targets = new ArrayList<>();
    String description;
    if (target.runId != null) {
      for (LakehouseTable table : LakehouseTable.values()) {
        if (table.isPublished()) {
          Long snapshot = lookup.afterRun(table, target.runId);
          if (snapshot == null) {
            throw new UsageException(
                "Cannot roll back to "
                    + target.runId
                    + ": "
                    + table.logicalName()
                    + " had no snapshot then");
          }
          targets.add(new TableRollback.Target(table, snapshot));
        }
      }
      description = "rollback to " + target.runId;
    } else {
      LakehouseTable table = table(target.oneTable.table);
      targets.add(new TableRollback.Target(table, lookup.resolve(table, target.oneTable.to)));
      description = "rollback of " + table.logicalName() + " to " + target.oneTable.to;
    }
    RunSummary summary;
    try (RunLock lock = RunLock.acquire(config(), waitOption.waitForLock)) {
      summary =
          new TableRollback(spark, Clock.systemUTC(), config().run().tagRetention(), err()::println)
              .rollback(targets, description);
    }
    print(summary, targets);
    return ExitCode.OK;
  }

  private void print(RunSummary summary, List<TableRollback.Target> targets) {
    if (format.isJson()) {
      List<Map<String, Object>> tables = new ArrayList<>();
      for (int i = 0; i < targets.size(); i++) {
        TableChange c = summary.tables().get(i);
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("table", c.table().logicalName());
        table.put("restored_snapshot", targets.get(i).snapshotId());
        table.put("rows", c.rowsRead());
        table.put("added", c.inserted());
        table.put("removed", c.deleted());
        table.put("snapshot_id", c.snapshotId());
        tables.add(table);
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("rollback_id", summary.runId());
      result.put("tables", tables);
      out().println(Json.write(result));
      return;
    }
    out()
        .println(
            summary.runId() + (summary.changedAnything() ? " restored:" : " changed nothing:"));
    List<List<String>> lines = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      TableChange c = summary.tables().get(i);
      lines.add(
          List.of(
              c.table().logicalName(),
              Long.toString(targets.get(i).snapshotId()),
              Long.toString(c.rowsRead()),
              Long.toString(c.inserted()),
              Long.toString(c.deleted()),
              TextTable.text(c.snapshotId())));
    }
    TextTable.print(
        out(),
        List.of("table", "restored snapshot", "rows", "added", "removed", "new snapshot"),
        lines);
  }
}
