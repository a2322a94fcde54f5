package com.stedi.lakehouse.pipeline;

import com.stedi.lakehouse.catalog.AuditBranch;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.SparkSession;

/**
 * Write-audit-publish for the trusted and curated tables, on each table's {@link AuditBranch},
 * which the session's SQL reads and writes ({@code spark.wap.branch}) until {@link #publish}. Until
 * then readers of main see the tables exactly as before the run.
 *
 * <p>The branch is kept between runs at main's head, so a stage's write finds it and a table costs
 * two commits a run (its write and its publish), and none when its stage has nothing to do. It is
 * made once per table, at main's head, although Iceberg's Spark would make it with the first write
 * (reads fall back to main while the branch does not exist): Iceberg 1.11's {@code
 * SnapshotProducer} then counts the new snapshot's summary totals ({@code total-records}, {@code
 * total-position-deletes}, ...) from zero, as if main were empty, and those totals would reach main
 * when it is published. On an empty table that is right, so there the first write makes it.
 *
 * <p>A run that fails (a stage or an audit) leaves the branch where its writes put it, for
 * inspection ({@code VERSION AS OF 'audit'}), and a run killed mid-way leaves it too. Such a branch
 * holds rows no audit passed, a customer who withdrew since perhaps included, so every run first
 * {@link #reset resets} it to main, in one commit per table where it is elsewhere; maintenance
 * removes it past the expiry window ({@link AuditBranch#settle}).
 */
final class RunBranch implements AutoCloseable {
  // Each decision loads its tables afresh and needs no refresh: the catalogs run without a cache
  // (CatalogProfile), so a load reads the current metadata.
  private final SparkSession spark;
  private final String runId;
  private final Duration tagRetention;
  private final Map<LakehouseTable, Map<String, String>> consumedWithoutRows =
      new EnumMap<>(LakehouseTable.class);

  private RunBranch(SparkSession spark, String runId, Duration tagRetention) {
    this.spark = spark;
    this.runId = runId;
    this.tagRetention = tagRetention;
  }

  /**
   * Points the session's SQL at the audit branch, which {@link #reset} left at main's head.
   *
   * @param tagRetention how long the run's tag keeps its snapshot reachable
   */
  static RunBranch open(SparkSession spark, String runId, Duration tagRetention) {
    spark.conf().set(IcebergTables.WAP_BRANCH, AuditBranch.NAME);
    return new RunBranch(spark, runId, tagRetention);
  }

  /**
   * Puts the audit branch back at main's head on every published table where a failed or killed
   * run, a rollback or maintenance left it elsewhere (removes it from a table main left empty), and
   * drops the per-run branches of older versions: one commit per table that needs it, none
   * otherwise. What a run does before it reads anything.
   */
  static void reset(SparkSession spark) {
    for (LakehouseTable t : Stage.publishedTables()) {
      Table table = IcebergTables.load(spark, t);
      Snapshot main = table.currentSnapshot();
      SnapshotRef audit = table.refs().get(AuditBranch.NAME);
      List<String> old = oldRunBranches(table);
      boolean moved = audit != null && (main == null || audit.snapshotId() != main.snapshotId());
      if (!moved && old.isEmpty()) {
        continue;
      }
      ManageSnapshots update = table.manageSnapshots();
      if (moved && main == null) {
        update.removeBranch(AuditBranch.NAME);
      } else if (moved) {
        update.replaceBranch(AuditBranch.NAME, main.snapshotId());
      }
      old.forEach(update::removeBranch);
      update.commit();
    }
  }

  /**
   * Makes the audit branch on a table whose stage is about to write, at main's head; nothing when
   * the table has it already or is empty (see the class comment). Once in a table's life, unless a
   * purge removed it.
   */
  void prepare(LakehouseTable t) {
    Table table = IcebergTables.load(spark, t);
    Snapshot main = table.currentSnapshot();
    if (main != null && !table.refs().containsKey(AuditBranch.NAME)) {
      table.manageSnapshots().createBranch(AuditBranch.NAME, main.snapshotId()).commit();
    }
  }

  /**
   * Records that a stage consumed its inputs without changing a row of its table: {@link #publish}
   * commits a snapshot of the same rows with this summary (its positions and the run id).
   */
  void consumedWithoutRows(LakehouseTable t, Map<String, String> summary) {
    consumedWithoutRows.put(t, Map.copyOf(summary));
  }

  /**
   * False when another writer (a compaction, say) committed to a table's main after the run's
   * writes left it: main is then no ancestor of the branch, which cannot be fast-forwarded, and the
   * run's changes must be made again.
   */
  boolean canPublish() {
    for (LakehouseTable t : Stage.publishedTables()) {
      Table table = IcebergTables.load(spark, t);
      SnapshotRef audit = table.refs().get(AuditBranch.NAME);
      Snapshot main = table.currentSnapshot();
      if (audit != null
          && main != null
          && !SnapshotUtil.isAncestorOf(table, audit.snapshotId(), main.snapshotId())) {
        return false;
      }
    }
    return true;
  }

  /** Undoes the run's writes (the branch back at main's head) and points the SQL at main. */
  void discard() {
    close();
    reset(spark);
  }

  String name() {
    return AuditBranch.NAME;
  }

  /**
   * Publishes every table the run wrote, in dependency order, each in one commit: main
   * fast-forwarded to the audit branch and, where its rows changed, the run's tag on that snapshot,
   * expiring after the tag retention. The branch stays, now at main's head, for the next run. A
   * table whose stage consumed its inputs without writing gets, in one commit too, a snapshot of
   * the same rows that carries its positions, and no tag. Tables the run did not touch keep main as
   * it was.
   */
  void publish() {
    close();
    for (LakehouseTable t : Stage.publishedTables()) {
      Table table = IcebergTables.load(spark, t);
      SnapshotRef audit = table.refs().get(AuditBranch.NAME);
      Snapshot main = table.currentSnapshot();
      if (audit != null && (main == null || audit.snapshotId() != main.snapshotId())) {
        ManageSnapshots update =
            table.manageSnapshots().fastForwardBranch(SnapshotRef.MAIN_BRANCH, AuditBranch.NAME);
        if (main == null
            || !Positions.rowsUnchanged(table, main.snapshotId(), audit.snapshotId())) {
          update
              .createTag(runId, audit.snapshotId())
              .setMaxRefAgeMs(runId, tagRetention.toMillis());
        }
        update.commit();
      } else if (main != null && consumedWithoutRows.containsKey(t)) {
        publishPositions(table, audit == null, consumedWithoutRows.get(t));
      }
    }
  }

  /**
   * One commit: a snapshot without files on the audit branch (made first at main's head where a
   * purge removed it), and main fast-forwarded to it.
   */
  private static void publishPositions(Table table, boolean noBranch, Map<String, String> summary) {
    Transaction transaction = table.newTransaction();
    if (noBranch) {
      transaction
          .manageSnapshots()
          .createBranch(AuditBranch.NAME, table.currentSnapshot().snapshotId())
          .commit();
    }
    AppendFiles append = transaction.newFastAppend().toBranch(AuditBranch.NAME);
    summary.forEach(append::set);
    append.commit();
    transaction
        .manageSnapshots()
        .fastForwardBranch(SnapshotRef.MAIN_BRANCH, AuditBranch.NAME)
        .commit();
    transaction.commitTransaction();
  }

  private static List<String> oldRunBranches(Table table) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, SnapshotRef> ref : table.refs().entrySet()) {
      if (ref.getValue().isBranch() && ref.getKey().startsWith(AuditBranch.OLD_RUN_PREFIX)) {
        names.add(ref.getKey());
      }
    }
    return names;
  }

  /** Points the session's SQL back at main; the branch stays as it is. */
  @Override
  public void close() {
    spark.conf().unset(IcebergTables.WAP_BRANCH);
  }
}
