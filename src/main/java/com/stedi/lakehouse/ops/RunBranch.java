package com.stedi.lakehouse.ops;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.Snapshot;
import org.apache.spark.sql.SparkSession;

/**
 * Write-audit-publish for the trusted and curated tables: a branch named after the run on each of
 * them, which the session's SQL reads and writes ({@code spark.wap.branch}) until {@link #publish},
 * which fast-forwards each table's main branch to it and drops it. Until then readers of main see
 * the tables exactly as before the run.
 *
 * <p>A run that fails (a stage or an audit) keeps the branch for inspection ({@code VERSION AS OF
 * 'audit-run-…'}); it expires with the retention given at creation, when {@code stedi maintain}
 * expires snapshots.
 */
final class RunBranch implements AutoCloseable {
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
    String name = "audit-" + runId;
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
    dropEverywhere();
  }

  String name() {
    return name;
  }

  /**
   * Moves the main branch of each table the run committed to up to the run's branch, in dependency
   * order, then drops the branch everywhere. Tables the run did not change keep main as it was.
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
    dropEverywhere();
  }

  private void dropEverywhere() {
    for (LakehouseTable table : mainAtStart.keySet()) {
      spark.sql(String.format("alter table %s drop branch if exists `%s`", table.sqlName(), name));
    }
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
