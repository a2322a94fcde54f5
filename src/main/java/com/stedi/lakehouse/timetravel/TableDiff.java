package com.stedi.lakehouse.timetravel;

import static org.apache.spark.sql.functions.lit;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The rows a table gained and lost between two of its snapshots, as multisets: an updated row is
 * one row removed and one added. Columns that only one of the two snapshots has (a migration came
 * between) are left out of the comparison.
 */
public final class TableDiff implements AutoCloseable {
  /** Name of the column that says whether a row was {@code added} or {@code removed}. */
  public static final String CHANGE = "change";

  private final LakehouseTable table;
  private final long from;
  private final long to;
  private final List<String> columns;
  private final Dataset<Row> rows;

  private TableDiff(
      LakehouseTable table, long from, long to, List<String> columns, Dataset<Row> rows) {
    this.table = table;
    this.from = from;
    this.to = to;
    this.columns = columns;
    this.rows = rows;
  }

  /** Compares two snapshots of a table; the differing rows are computed once, then kept. */
  public static TableDiff between(SparkSession spark, LakehouseTable table, long from, long to) {
    return of(table, from, to, version(spark, table, from), version(spark, table, to));
  }

  /** Compares two sets of a table's rows, e.g. its head and what a rollback would write. */
  static TableDiff of(
      LakehouseTable table, long from, long to, Dataset<Row> before, Dataset<Row> after) {
    List<String> beforeColumns = Arrays.asList(before.columns());
    String[] common =
        Arrays.stream(after.columns()).filter(beforeColumns::contains).toArray(String[]::new);
    Dataset<Row> b = before.selectExpr(common);
    Dataset<Row> a = after.selectExpr(common);
    String[] ordered = new String[common.length + 1];
    ordered[0] = CHANGE;
    System.arraycopy(common, 0, ordered, 1, common.length);
    Dataset<Row> rows =
        a.exceptAll(b)
            .withColumn(CHANGE, lit("added"))
            .unionByName(b.exceptAll(a).withColumn(CHANGE, lit("removed")))
            .selectExpr(ordered)
            .persist(StorageLevel.MEMORY_AND_DISK());
    return new TableDiff(table, from, to, List.of(common), rows);
  }

  /** A table's rows at a snapshot, read on the main catalog whatever branch the session uses. */
  static Dataset<Row> version(SparkSession spark, LakehouseTable table, long snapshotId) {
    return IcebergTables.withoutWapBranch(
        spark,
        () ->
            spark.sql(
                "select * from "
                    + Namespaces.of(spark).name(table)
                    + " version as of "
                    + snapshotId));
  }

  public long added() {
    return rows.where(rows.col(CHANGE).equalTo("added")).count();
  }

  public long removed() {
    return rows.where(rows.col(CHANGE).equalTo("removed")).count();
  }

  /** The differing rows: the {@link #CHANGE} column, then the compared columns. */
  public Dataset<Row> rows() {
    return rows;
  }

  public LakehouseTable table() {
    return table;
  }

  public long from() {
    return from;
  }

  public long to() {
    return to;
  }

  public List<String> columns() {
    return columns;
  }

  @Override
  public void close() {
    rows.unpersist();
  }
}
