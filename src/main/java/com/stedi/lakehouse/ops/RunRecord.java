package com.stedi.lakehouse.ops;

import com.stedi.lakehouse.audit.Pseudonyms;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.MetadataRows;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Writes what a run did: a row in {@code ops.runs}, a row per table in {@code ops.run_tables}, and
 * a tag named after the run on every table, so {@code VERSION AS OF 'run-…'} reads a table as it
 * was after that run. Tags expire after the retention the configuration gives, so they never keep
 * erased rows reachable for longer.
 */
public final class RunRecord {
  private final SparkSession spark;
  private final Duration tagRetention;

  public RunRecord(SparkSession spark, Duration tagRetention) {
    this.spark = spark;
    this.tagRetention = tagRetention;
  }

  /** Tags the current snapshot of every zone table that has one. */
  public void tagTables(String runId) {
    for (LakehouseTable t : LakehouseTable.zoneTables()) {
      Table table = IcebergTables.load(spark, t);
      Snapshot current = table.currentSnapshot();
      if (current != null && !table.refs().containsKey(runId)) {
        table
            .manageSnapshots()
            .createTag(runId, current.snapshotId())
            .setMaxRefAgeMs(runId, tagRetention.toMillis())
            .commit();
      }
    }
  }

  public void succeeded(RunSummary summary, String source, Instant started, Instant finished) {
    append(summary.runId(), source, started, finished, "succeeded", null);
    List<Row> rows =
        summary.tables().stream()
            .map(
                t ->
                    RowFactory.create(
                        summary.runId(),
                        t.table().logicalName(),
                        t.rowsRead(),
                        t.inserted(),
                        t.updated(),
                        t.deleted(),
                        t.snapshotId(),
                        t.sourceSnapshots(),
                        t.millis()))
            .toList();
    write(LakehouseTable.OPS_RUN_TABLES, summary.runId(), rows);
  }

  /**
   * Records a failed run. The error is kept for good, so its e-mails (an exception may quote row
   * values) are replaced by pseudonyms first.
   */
  public void failed(String runId, String source, Instant started, Instant finished, String error) {
    append(runId, source, started, finished, "failed", Pseudonyms.withoutEmails(spark, error));
  }

  private void append(
      String runId, String source, Instant started, Instant finished, String status, String error) {
    write(
        LakehouseTable.OPS_RUNS,
        runId,
        List.of(
            RowFactory.create(
                runId, Timestamp.from(started), Timestamp.from(finished), status, source, error)));
  }

  /** Through Iceberg's Java API: a Spark write would cost a Spark job for a row or two. */
  private void write(LakehouseTable table, String runId, List<Row> rows) {
    MetadataRows.append(spark, table, rows, runId);
  }
}
