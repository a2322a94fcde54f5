package com.stedi.lakehouse.catalog;

import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.parser.ParseException;

/** Access to the Iceberg table behind a lakehouse table, for what SQL does not show. */
public final class IcebergTables {
  /** Snapshot summary property naming the run that made a commit. */
  public static final String RUN_ID_PROPERTY = "stedi.run-id";

  private IcebergTables() {}

  public static Table load(SparkSession spark, LakehouseTable table) {
    try {
      return Spark3Util.loadIcebergTable(spark, table.sqlName());
    } catch (ParseException | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("Cannot load " + table + ": " + e.getMessage(), e);
    }
  }

  /** The current snapshot id, or null for a table that has never been written. */
  public static Long currentSnapshotId(SparkSession spark, LakehouseTable table) {
    Snapshot snapshot = load(spark, table).currentSnapshot();
    return snapshot == null ? null : snapshot.snapshotId();
  }

  /** Appends rows (of the table's schema) in one commit that carries the run id. */
  public static void append(
      SparkSession spark, LakehouseTable table, List<Row> rows, String runId) {
    try {
      spark
          .createDataFrame(rows, spark.table(table.sqlName()).schema())
          .writeTo(table.sqlName())
          .option("snapshot-property." + RUN_ID_PROPERTY, runId)
          .append();
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("Cannot append to " + table + ": table is missing", e);
    }
  }
}
