package com.stedi.lakehouse.catalog;

import java.util.Collections;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;

/** Access to the Iceberg table behind a lakehouse table, for what SQL does not show. */
public final class IcebergTables {
  /** Snapshot summary property naming the run that made a commit. */
  public static final String RUN_ID_PROPERTY = "stedi.run-id";

  /** Session setting naming the branch Iceberg's Spark reads and writes (write-audit-publish). */
  public static final String WAP_BRANCH = "spark.wap.branch";

  private IcebergTables() {}

  public static Table load(SparkSession spark, LakehouseTable table) {
    try {
      return Spark3Util.loadIcebergTable(spark, Namespaces.of(spark).name(table));
    } catch (ParseException | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("Cannot load " + table + ": " + e.getMessage(), e);
    }
  }

  /** The head snapshot id (see {@link #head}), or null for a table that has never been written. */
  public static Long currentSnapshotId(SparkSession spark, LakehouseTable table) {
    Snapshot snapshot = head(spark, load(spark, table));
    return snapshot == null ? null : snapshot.snapshotId();
  }

  /**
   * The snapshot that SQL in this session reads and writes: the head of the write-audit-publish
   * branch ({@code spark.wap.branch}) when the table has it, as Iceberg's Spark reads do, else the
   * main branch's; null for an empty table.
   */
  public static Snapshot head(SparkSession spark, Table table) {
    String branch = spark.conf().get(WAP_BRANCH, null);
    if (branch != null && table.refs().containsKey(branch)) {
      return table.snapshot(table.refs().get(branch).snapshotId());
    }
    return table.currentSnapshot();
  }

  /** Rows of a snapshot, from its summary: records less deleted ones; 0 for none. */
  public static long liveRows(Snapshot snapshot) {
    if (snapshot == null) {
      return 0;
    }
    Map<String, String> summary = snapshot.summary();
    return count(summary, "total-records")
        - count(summary, "total-position-deletes")
        - count(summary, "total-equality-deletes");
  }

  /** Rows of a table at its head. */
  public static long liveRows(SparkSession spark, LakehouseTable table) {
    return liveRows(head(spark, load(spark, table)));
  }

  /** Runs SQL whose commits carry the run id in their snapshot summaries. */
  public static void withRunId(String runId, Runnable sql) {
    CommitMetadata.withCommitProperties(
        Map.of(RUN_ID_PROPERTY, runId),
        () -> {
          sql.run();
          return null;
        },
        RuntimeException.class);
  }

  /**
   * Runs {@code work} with the session's write-audit-publish branch unset, then sets it back: for
   * reads of a snapshot by id, which Iceberg refuses together with a branch.
   */
  public static <T> T withoutWapBranch(SparkSession spark, Supplier<T> work) {
    return SessionSettings.during(spark, Collections.singletonMap(WAP_BRANCH, null), work);
  }

  private static long count(Map<String, String> summary, String key) {
    String value = summary.get(key);
    return value == null ? 0 : Long.parseLong(value);
  }
}
