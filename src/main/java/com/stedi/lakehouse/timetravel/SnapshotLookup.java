package com.stedi.lakehouse.timetravel;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.config.UsageException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Finds the snapshot of a table that a user names: a run id, a snapshot id, a tag or branch, or a
 * point in time. A run is found on a table by its tag, which a run (or rollback) puts only on the
 * trusted and curated tables it changed; on any other table, and once the tag has expired, by the
 * time the run ended ({@code ops.runs}), on the main branch's history: the same snapshot, since the
 * run left the table as it was or committed to it before it ended.
 */
public final class SnapshotLookup {
  private static final Pattern SNAPSHOT_ID = Pattern.compile("-?\\d{6,}");

  private final SparkSession spark;

  public SnapshotLookup(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * The snapshot a table was at when a run ended; null when the table had none yet.
   *
   * @throws UsageException for a run that no table and no run record knows, or that failed
   */
  public Long afterRun(LakehouseTable table, String runId) {
    Table t = IcebergTables.load(spark, table);
    SnapshotRef tag = t.refs().get(runId);
    if (tag != null) {
      return tag.snapshotId();
    }
    return asOf(t, runEnd(runId));
  }

  /**
   * The snapshot a reference names on a table: a snapshot id, a tag or branch, a run id, or a
   * timestamp ({@code 2026-11-23T01:00:00Z}; without a zone, UTC).
   *
   * @throws UsageException when it names none
   */
  public long resolve(LakehouseTable table, String ref) {
    Table t = IcebergTables.load(spark, table);
    if (t.refs().containsKey(ref)) {
      return t.refs().get(ref).snapshotId();
    }
    if (SNAPSHOT_ID.matcher(ref).matches()) {
      Snapshot snapshot = t.snapshot(Long.parseLong(ref));
      if (snapshot == null) {
        throw new UsageException(
            "Cannot find snapshot "
                + ref
                + " of "
                + table.logicalName()
                + ": see `stedi history "
                + table.logicalName()
                + "`");
      }
      return snapshot.snapshotId();
    }
    Long found =
        ref.startsWith("run-") || ref.startsWith("rollback-")
            ? afterRun(table, ref)
            : asOf(t, parseTime(ref));
    if (found == null) {
      throw new UsageException(
          "Cannot find " + table.logicalName() + " as of " + ref + ": it had no snapshot then");
    }
    return found;
  }

  /** The main branch's snapshot at a time; null when the table had none then. */
  private static Long asOf(Table table, Instant time) {
    try {
      return SnapshotUtil.snapshotIdAsOfTime(table, time.toEpochMilli());
    } catch (IllegalArgumentException noneThen) {
      return null;
    }
  }

  private Instant runEnd(String runId) {
    List<Row> runs =
        spark
            .table(Namespaces.of(spark).name(LakehouseTable.OPS_RUNS))
            .where(col("run_id").equalTo(lit(runId)))
            .select("status", "finished_at")
            .collectAsList();
    if (runs.isEmpty()) {
      throw new UsageException(
          "Cannot find run " + runId + ": no table has its tag and ops.runs has no such run");
    }
    Row run = runs.get(0);
    if (!"succeeded".equals(run.getString(0))) {
      throw new UsageException(
          "Cannot use run " + runId + ": it " + run.getString(0) + " and published nothing");
    }
    return ((Timestamp) run.get(1)).toInstant();
  }

  /** An instant in ISO-8601, or a date and time in UTC, or a date (its midnight, UTC). */
  static Instant parseTime(String text) {
    String t = text.trim();
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException notAnInstant) {
      // tried next as a local date and time
    }
    try {
      return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException notADateTime) {
      // tried next as a date
    }
    try {
      return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException notADate) {
      throw new UsageException(
          "Cannot read '"
              + text
              + "' as a snapshot: expected a snapshot id, a tag, a run id (run-...) or a time such"
              + " as 2026-11-23T01:00:00Z");
    }
  }
}
