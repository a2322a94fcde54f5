package com.stedi.lakehouse.pipeline;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.SparkSession;

/**
 * Write-audit-publish for the trusted and curated tables: a branch named after the run, which the
 * session's SQL reads and writes ({@code spark.wap.branch}) until {@link #publish}. Until then
 * readers of main see the tables exactly as before the run.
 *
 * <p>A table gets the branch only when its stage has something to do ({@link #prepare}), so a table
 * whose inputs did not move costs no commit. The branch is made explicitly, at main's head,
 * although Iceberg's Spark would make it with the first write (reads fall back to main while the
 * branch does not exist): Iceberg 1.11's {@code SnapshotProducer} then counts the new snapshot's
 * summary totals ({@code total-records}, {@code total-position-deletes}, ...) from zero, as if main
 * were empty, and those totals would reach main when it is published. On an empty table that is
 * right, so there the first write makes the branch. {@link #publish} then makes one commit per
 * table that has the branch: main fast-forwarded to it and the run's tag on that snapshot, when the
 * run wrote the table, and the branch dropped.
 *
 * <p>A run that fails (a stage or an audit) keeps its branches for inspection ({@code VERSION AS OF
 * 'audit-run-…'}), and a run killed mid-way leaves them too. Such a branch holds the rows of its
 * night, a customer who withdrew since included, so it is kept only until the next successful run,
 * which drops every leftover audit branch (in its publish commit, or, for a table it did not
 * change, in one commit per table that has any), or until {@code stedi maintain} removes it past
 * its retention or the expiry window (any age in a purge), whichever comes first.
 */
final class RunBranch implements AutoCloseable {
  /** The prefix of every run's branch: {@code audit-run-…}. */
  static final String PREFIX = "audit-";

  private final SparkSession spark;
  private final String runId;
  private final String name;
  private final Duration tagRetention;

  private RunBranch(SparkSession spark, String runId, Duration tagRetention) {
    this.spark = spark;
    this.runId = runId;
    this.name = PREFIX + runId;
    this.tagRetention = tagRetention;
  }

  /**
   * Points the session's SQL at the run's branch; a table gets it from {@link #prepare}, or, when
   * empty, with its first write.
   *
   * @param tagRetention how long the run's tag keeps its snapshot reachable
   */
  static RunBranch open(SparkSession spark, String runId, Duration tagRetention) {
    spark.conf().set(IcebergTables.WAP_BRANCH, PREFIX + runId);
    return new RunBranch(spark, runId, tagRetention);
  }

  /**
   * Makes the run's branch on a table whose stage is about to write, at main's head, expiring after
   * the tag retention; nothing when the table has it already or is empty (see the class comment).
   */
  void prepare(LakehouseTable t) {
    Table table = refreshed(t);
    Snapshot main = table.currentSnapshot();
    if (main != null && !table.refs().containsKey(name)) {
      table
          .manageSnapshots()
          .createBranch(name, main.snapshotId())
          .setMaxRefAgeMs(name, tagRetention.toMillis())
          .commit();
    }
  }

  /**
   * False when another writer (a compaction, say) committed to a table's main after the run's
   * branch left it: main is then no ancestor of the branch, which cannot be fast-forwarded, and the
   * run's changes must be made again.
   */
  boolean canPublish() {
    for (LakehouseTable t : Stage.publishedTables()) {
      Table table = refreshed(t);
      SnapshotRef branch = table.refs().get(name);
      Snapshot main = table.currentSnapshot();
      if (branch != null
          && main != null
          && !SnapshotUtil.isAncestorOf(table, branch.snapshotId(), main.snapshotId())) {
        return false;
      }
    }
    return true;
  }

  /** Drops the branch everywhere, its changes with it, and points the session's SQL at main. */
  void discard() {
    close();
    drop(spark, name::equals);
  }

  /**
   * Drops the audit branches that failed or killed runs left on the published tables, in one commit
   * per table that has any: what a successful run with nothing to publish does.
   */
  static void dropLeftovers(SparkSession spark) {
    drop(spark, RunBranch::isRunBranch);
  }

  String name() {
    return name;
  }

  /**
   * Publishes every table the run changed, in dependency order, each in one commit: main
   * fast-forwarded to the run's branch, the run's tag on that snapshot (expiring after the tag
   * retention), and the branch dropped, with the branches earlier failed or killed runs left.
   * Tables the run did not change keep main as it was and get no tag; their branches, the run's own
   * (made for a stage that then found nothing to write) and leftovers, go in one commit.
   */
  void publish() {
    close();
    for (LakehouseTable t : Stage.publishedTables()) {
      Table table = refreshed(t);
      SnapshotRef branch = table.refs().get(name);
      List<String> leftovers = runBranches(table, ref -> isRunBranch(ref) && !ref.equals(name));
      if (branch == null && leftovers.isEmpty()) {
        continue;
      }
      ManageSnapshots update = table.manageSnapshots();
      Snapshot main = table.currentSnapshot();
      if (branch != null && main != null && branch.snapshotId() == main.snapshotId()) {
        update.removeBranch(name);
      } else if (branch != null) {
        update
            .fastForwardBranch(SnapshotRef.MAIN_BRANCH, name)
            .createTag(runId, branch.snapshotId())
            .setMaxRefAgeMs(runId, tagRetention.toMillis())
            .removeBranch(name);
      }
      leftovers.forEach(update::removeBranch);
      update.commit();
    }
  }

  /** Removes the branches so named from the published tables, one commit per table that has any. */
  private static void drop(SparkSession spark, Predicate<String> branch) {
    for (LakehouseTable t : Stage.publishedTables()) {
      Table table = refreshed(spark, t);
      List<String> names = runBranches(table, branch);
      if (!names.isEmpty()) {
        ManageSnapshots update = table.manageSnapshots();
        names.forEach(update::removeBranch);
        update.commit();
      }
    }
  }

  private static List<String> runBranches(Table table, Predicate<String> branch) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, SnapshotRef> ref : table.refs().entrySet()) {
      if (ref.getValue().isBranch() && branch.test(ref.getKey())) {
        names.add(ref.getKey());
      }
    }
    return names;
  }

  private static boolean isRunBranch(String name) {
    return name.startsWith(PREFIX + NightlyRun.RUN_ID_PREFIX);
  }

  private Table refreshed(LakehouseTable t) {
    return refreshed(spark, t);
  }

  private static Table refreshed(SparkSession spark, LakehouseTable t) {
    Table table = IcebergTables.load(spark, t);
    table.refresh();
    return table;
  }

  /** Points the session's SQL back at main; the branch stays as it is. */
  @Override
  public void close() {
    spark.conf().unset(IcebergTables.WAP_BRANCH);
  }
}
