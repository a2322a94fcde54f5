package com.stedi.lakehouse.ops;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.SparkSession;

/**
 * Write-audit-publish for the trusted and curated tables: a branch named after the run on each of
 * them, which the session's SQL reads and writes ({@code spark.wap.branch}) until {@link #publish},
 * which fast-forwards each table's main branch to it and drops it. Until then readers of main see
 * the tables exactly as before the run.
 *
 * <p>A run that fails (a stage or an audit) keeps the branch for inspection ({@code VERSION AS OF
 * 'audit-run-…'}), and a run killed mid-way leaves its branch too. Such a branch holds the rows of
 * its night, a customer who withdrew since included, so it is kept only until the next successful
 * run, which drops every leftover audit branch (in the commit that drops its own, or, for a run
 * with nothing to publish, in one commit per table that has any), or until {@code stedi maintain}
 * removes it past the expiry window (any age in a purge), whichever comes first.
 */
final class RunBranch implements AutoCloseable {
  /** The prefix of every run's branch: {@code audit-run-…}. */
  static final String PREFIX = "audit-";

  private final SparkSession spark;
  private final String name;
  private final Map<LakehouseTable, Long> mainAtStart;

  private RunBranch(SparkSession spark, String name, Map<LakehouseTable, Long> mainAtStart) {
    this.spark = spark;
    this.name = name;
    this.mainAtStart = mainAtStart;
  }

  /** Branches every published table at its main head and points the session's SQL at the branch. */
  static RunBranch open(SparkSession spark, String runId, Duration retention) {
    String name = PREFIX + runId;
    Map<LakehouseTable, Long> mainAtStart = new EnumMap<>(LakehouseTable.class);
    for (LakehouseTable table : LakehouseTable.values()) {
      if (!table.isPublished()) {
        continue;
      }
      mainAtStart.put(table, mainHead(spark, table));
      spark.sql(
          String.format(
              "alter table %s create branch `%s` retain %d days",
              table.sqlName(), name, Math.max(1, retention.toDays())));
    }
    spark.conf().set(IcebergTables.WAP_BRANCH, name);
    return new RunBranch(spark, name, mainAtStart);
  }

  /**
   * False when another writer (a compaction, say) committed to a table's main since the branch was
   * made: main is then no ancestor of the branch, and the run's changes must be made again.
   */
  boolean mainUnmoved() {
    return mainAtStart.entrySet().stream()
        .allMatch(e -> Objects.equals(e.getValue(), mainHead(spark, e.getKey())));
  }

  /** Drops the branch everywhere, its changes with it, and points the session's SQL at main. */
  void discard() {
    close();
    drop(spark, mainAtStart.keySet(), name::equals);
  }

  /**
   * Drops the audit branches that failed or killed runs left on the published tables, in one commit
   * per table that has any: what a successful run with nothing to publish does.
   */
  static void dropLeftovers(SparkSession spark) {
    drop(
        spark,
        Arrays.stream(LakehouseTable.values()).filter(LakehouseTable::isPublished).toList(),
        RunBranch::isRunBranch);
  }

  String name() {
    return name;
  }

  /**
   * Moves the main branch of each table the run committed to up to the run's branch, in dependency
   * order, then drops the branch everywhere, and with it, in the same commit, the branches earlier
   * failed or killed runs left. Tables the run did not change keep main as it was.
   */
  void publish(Collection<LakehouseTable> changed) {
    close();
    String catalog = spark.conf().get("spark.sql.defaultCatalog");
    for (LakehouseTable table : mainAtStart.keySet()) {
      if (changed.contains(table)) {
        spark.sql(
            String.format(
                "call %s.system.fast_forward('%s', 'main', '%s')", catalog, table.sqlName(), name));
      }
    }
    drop(spark, mainAtStart.keySet(), RunBranch::isRunBranch);
  }

  /** Removes the branches so named from the tables, one commit per table that has any. */
  private static void drop(
      SparkSession spark, Collection<LakehouseTable> tables, Predicate<String> branch) {
    for (LakehouseTable t : tables) {
      Table table = IcebergTables.load(spark, t);
      table.refresh();
      List<String> names =
          table.refs().entrySet().stream()
              .filter(ref -> ref.getValue().isBranch() && branch.test(ref.getKey()))
              .map(Map.Entry::getKey)
              .toList();
      if (!names.isEmpty()) {
        ManageSnapshots update = table.manageSnapshots();
        names.forEach(update::removeBranch);
        update.commit();
      }
    }
  }

  private static boolean isRunBranch(String name) {
    return name.startsWith(PREFIX + NightlyRun.RUN_ID_PREFIX);
  }

  private static Long mainHead(SparkSession spark, LakehouseTable table) {
    Snapshot main = IcebergTables.load(spark, table).currentSnapshot();
    return main == null ? null : main.snapshotId();
  }

  /** Points the session's SQL back at main; the branch stays as it is. */
  @Override
  public void close() {
    spark.conf().unset(IcebergTables.WAP_BRANCH);
  }
}
