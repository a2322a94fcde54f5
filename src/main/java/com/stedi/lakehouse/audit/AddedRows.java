package com.stedi.lakehouse.audit;

import static org.apache.spark.sql.functions.col;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The rows a run's branch added to a table: those in the data files its commits added since the
 * branch left main. Main was audited when it was published, so a key can only be duplicated, and a
 * value can only be newly shaped like an identifier, among these rows; auditing them instead of
 * whole tables keeps a small night's audit small.
 *
 * <p>The whole table is audited instead when the branch does not descend from main's head (another
 * writer moved main), when the table had no rows on main, or when the run added more than {@link
 * #MAX_FILES} files.
 */
record AddedRows(boolean wholeTable, List<String> files) {
  static final int MAX_FILES = 2_000;

  private static final AddedRows WHOLE_TABLE = new AddedRows(true, List.of());

  /** What the session's branch added to a table since it left main. */
  static AddedRows since(SparkSession spark, LakehouseTable lakehouseTable) {
    Table table = IcebergTables.load(spark, lakehouseTable);
    Snapshot main = table.currentSnapshot();
    Snapshot head = IcebergTables.head(spark, table);
    if (main == null) {
      return WHOLE_TABLE;
    }
    Set<String> files = new LinkedHashSet<>();
    for (Snapshot s = head;
        s != null;
        s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      if (s.snapshotId() == main.snapshotId()) {
        return new AddedRows(false, new ArrayList<>(files));
      }
      for (DataFile file : s.addedDataFiles(table.io())) {
        files.add(file.location());
      }
      if (files.size() > MAX_FILES) {
        return WHOLE_TABLE;
      }
    }
    return WHOLE_TABLE;
  }

  boolean none() {
    return !wholeTable && files.isEmpty();
  }

  /** The rows to audit: the added ones, or every row. */
  Dataset<Row> rows(SparkSession spark, LakehouseTable table) {
    Dataset<Row> rows = spark.table(table.sqlName());
    return wholeTable ? rows : rows.where(col("_file").isin(files.toArray()));
  }
}
