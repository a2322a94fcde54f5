package com.stedi.lakehouse.timetravel;

import static org.apache.spark.sql.functions.lit;

import com.stedi.lakehouse.audit.PublishAudit;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.config.UsageException;
import com.stedi.lakehouse.ops.RunIds;
import com.stedi.lakehouse.ops.RunRecord;
import com.stedi.lakehouse.ops.RunSummary;
import com.stedi.lakehouse.ops.TableChange;
import com.stedi.lakehouse.pipeline.Positions;
import com.stedi.lakehouse.pipeline.Stage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.DataFrameWriterV2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.storage.StorageLevel;

/**
 * Restores trusted and curated tables to earlier snapshots, each as a new snapshot that overwrites
 * the table with the earlier rows: history keeps everything, and a rollback is undone by rolling
 * back to the snapshot before it. Landing is never rolled back: it is the record of what arrived.
 *
 * <p>Consent is applied again: rows of customers whose latest landing record no longer consents are
 * left out ({@link PublishAudit#consentingOnly}, linked as the consent audit links them), so a
 * rollback past a withdrawal never brings the customer back. Step trainer and machine-learning rows
 * link through {@code trusted.accelerometer} as it is when they are restored: targets come in
 * dependency order, so it is restored, and filtered, before them. The new snapshot carries the
 * input positions of the earlier one, so the next run brings the table forward again from landing,
 * as a recompute would. A table already equal to its target is left alone, so a rerun commits
 * nothing. Recorded in {@code ops.runs}; like a run, it tags the tables it changed with its id.
 * Callers hold the run lock.
 */
public final class TableRollback {
  /** Summary property of a rollback's snapshots: the snapshot whose rows it restored. */
  public static final String ROLLBACK_TO_PROPERTY = "stedi.rollback-to";

  private final SparkSession spark;
  private final Clock clock;
  private final Duration tagRetention;
  private final Consumer<String> progress;

  public TableRollback(
      SparkSession spark, Clock clock, Duration tagRetention, Consumer<String> progress) {
    this.spark = spark;
    this.clock = clock;
    this.tagRetention = tagRetention;
    this.progress = progress;
  }

  /** A table and the snapshot to restore it to. */
  public record Target(LakehouseTable table, long snapshotId) {}

  /**
   * What a rollback restores, and what was asked.
   *
   * @param targets tables and their snapshots, in dependency order
   * @param description what was asked, for {@code ops.runs.source}, e.g. {@code rollback to run-…}
   */
  public record Plan(List<Target> targets, String description) {
    public Plan {
      targets = List.copyOf(targets);
    }
  }

  /** Every trusted and curated table as it was after a run (or an earlier rollback). */
  public Plan toRun(String runId) {
    SnapshotLookup lookup = new SnapshotLookup(spark);
    List<Target> targets = new ArrayList<>();
    for (LakehouseTable table : Stage.publishedTables()) {
      Long snapshot = lookup.afterRun(table, runId);
      if (snapshot == null) {
        throw new UsageException(
            "Cannot roll back to " + runId + ": " + table.logicalName() + " had no snapshot then");
      }
      targets.add(new Target(table, snapshot));
    }
    return new Plan(targets, "rollback to " + runId);
  }

  /** One table as a reference names it: a snapshot id, tag, run id or time. */
  public Plan tableTo(LakehouseTable table, String ref) {
    long snapshot = new SnapshotLookup(spark).resolve(table, ref);
    return new Plan(
        List.of(new Target(table, snapshot)), "rollback of " + table.logicalName() + " to " + ref);
  }

  /** Restores a plan's targets and records the rollback: {@link #rollback(List, String)}. */
  public RunSummary rollback(Plan plan) {
    return rollback(plan.targets(), plan.description());
  }

  /**
   * Restores every target, in the order given (dependency order), and records the rollback.
   *
   * @param description what was asked, for {@code ops.runs.source}, e.g. {@code rollback to run-…}
   * @return the rollback's id and, per table, rows removed (deleted) and restored (inserted)
   */
  public RunSummary rollback(List<Target> targets, String description) {
    targets.forEach(this::checkRestorable);
    Instant start = clock.instant();
    String id = RunIds.unique("rollback-", start);
    List<TableChange> changes = new ArrayList<>();
    RunRecord record = new RunRecord(spark, tagRetention);
    for (Target target : targets) {
      progress.accept(
          "rolling back "
              + target.table().logicalName()
              + " to snapshot "
              + target.snapshotId()
              + " ...");
      try {
        changes.add(restore(target, id));
      } catch (RuntimeException e) {
        // Tables restored before this one stay restored; a rerun finishes the rest.
        record.failed(id, description, start, clock.instant(), String.valueOf(e.getMessage()));
        throw e;
      }
    }
    RunSummary summary = new RunSummary(id, changes, Duration.between(start, clock.instant()));
    record.tagChanged(summary);
    record.succeeded(summary, description, start, clock.instant());
    return summary;
  }

  private void checkRestorable(Target target) {
    LakehouseTable table = target.table();
    if (!Stage.isPublished(table)) {
      throw new UsageException(
          "Cannot roll back "
              + table.logicalName()
              + ": only trusted and curated tables roll back; landing is the record of what"
              + " arrived");
    }
    Table t = IcebergTables.load(spark, table);
    Snapshot snapshot = t.snapshot(target.snapshotId());
    if (snapshot == null) {
      throw new UsageException(
          "Cannot roll back "
              + table.logicalName()
              + ": it has no snapshot "
              + target.snapshotId());
    }
    // Only audited states: main's history. A failed run's branch holds rows no audit passed.
    if (t.currentSnapshot() == null
        || !SnapshotUtil.isAncestorOf(t, t.currentSnapshot().snapshotId(), target.snapshotId())) {
      throw new UsageException(
          "Cannot roll back "
              + table.logicalName()
              + " to snapshot "
              + target.snapshotId()
              + ": it is not in the main branch's history (a failed run's audit branch?); choose"
              + " one `stedi history` marks with *");
    }
    // The schema its rows were computed with: a compaction after a migration carries the new
    // schema id over rows that lack the new columns' values.
    Snapshot computed = Positions.latestSnapshot(t, snapshot);
    Integer schemaId = (computed == null ? snapshot : computed).schemaId();
    if (schemaId != null && schemaId != t.schema().schemaId()) {
      throw new UsageException(
          "Cannot roll back "
              + table.logicalName()
              + " to snapshot "
              + target.snapshotId()
              + ": a schema migration came after it; roll back to a snapshot written since");
    }
  }

  private TableChange restore(Target target, String id) {
    long t0 = System.nanoTime();
    LakehouseTable table = target.table();
    Table t = IcebergTables.load(spark, table);
    Snapshot head = t.currentSnapshot();
    Dataset<Row> earlier = TableDiff.version(spark, table, target.snapshotId());
    Dataset<Row> restored =
        PublishAudit.consentingOnly(spark, table, earlier).persist(StorageLevel.MEMORY_AND_DISK());
    try (TableDiff diff =
        TableDiff.of(
            table,
            head.snapshotId(),
            target.snapshotId(),
            spark.table(Namespaces.of(spark).name(table)),
            restored)) {
      long added = diff.added();
      long removed = diff.removed();
      Long snapshot = null;
      if (added + removed > 0) {
        overwrite(table, restored, id, t.snapshot(target.snapshotId()), t);
        snapshot = IcebergTables.currentSnapshotId(spark, table);
      }
      return new TableChange(
          table,
          restored.count(),
          added,
          0,
          removed,
          snapshot,
          ROLLBACK_TO_PROPERTY + ":" + target.snapshotId(),
          (System.nanoTime() - t0) / 1_000_000);
    } finally {
      restored.unpersist();
    }
  }

  private void overwrite(
      LakehouseTable table, Dataset<Row> rows, String id, Snapshot target, Table t) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(IcebergTables.RUN_ID_PROPERTY, id);
    summary.put(ROLLBACK_TO_PROPERTY, Long.toString(target.snapshotId()));
    summary.putAll(Positions.latest(t, target).summaryProperties());
    DataFrameWriterV2<Row> writer = rows.writeTo(Namespaces.of(spark).name(table));
    for (Map.Entry<String, String> property : summary.entrySet()) {
      writer = writer.option("snapshot-property." + property.getKey(), property.getValue());
    }
    try {
      writer.overwrite(lit(true));
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("Cannot roll back " + table + ": table is missing", e);
    }
  }
}
