package com.stedi.lakehouse.audit;

import static org.apache.spark.sql.functions.col;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.pipeline.DayRanges;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The rows a run's branch added to a table: those in the data files its commits added since the
 * branch left main. Main was audited when it was published, so a key can only be duplicated, and a
 * value can only be newly shaped like an identifier, among these rows; auditing them instead of
 * whole tables keeps a small night's audit small.
 *
 * <p>Iceberg does not prune files by the {@code _file} column, so for a table partitioned by day
 * the rows are also filtered on the days of the added files' partitions, which it does prune by.
 * The whole table is audited instead when the branch does not descend from main's head (another
 * writer moved main), when the table had no rows on main, when the run added more than {@link
 * #MAX_FILES} files, or when main holds rows no stedi run published.
 *
 * @param days the day partitions of the added files; empty when the table is not partitioned by day
 *     of {@code dayColumn}
 * @param records rows in the added files, from their metadata (deleted ones included)
 * @param removedAny whether the branch deleted a row or removed a data file since it left main
 *     (true whenever {@code wholeTable})
 */
record AddedRows(
    boolean wholeTable,
    List<String> files,
    String dayColumn,
    Set<LocalDate> days,
    long records,
    boolean removedAny) {
  static final int MAX_FILES = 2_000;

  /** What the session's branch added to a loaded table since it left main. */
  static AddedRows since(SparkSession spark, Table table, String dayColumn) {
    Snapshot main = table.currentSnapshot();
    Snapshot head = IcebergTables.head(spark, table);
    AddedRows whole = new AddedRows(true, List.of(), dayColumn, Set.of(), 0, true);
    if (main == null || writtenOutsideStedi(table, main)) {
      return whole;
    }
    int dayField = dayPartition(table, dayColumn);
    Set<String> files = new LinkedHashSet<>();
    Set<LocalDate> days = new TreeSet<>();
    long records = 0;
    boolean removed = false;
    for (Snapshot s : SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot)) {
      if (s.snapshotId() == main.snapshotId()) {
        return new AddedRows(false, new ArrayList<>(files), dayColumn, days, records, removed);
      }
      removed |=
          s.addedDeleteFiles(table.io()).iterator().hasNext()
              || s.removedDataFiles(table.io()).iterator().hasNext();
      for (DataFile file : s.addedDataFiles(table.io())) {
        if (files.add(file.location())) {
          records += file.recordCount();
        }
        if (dayField >= 0 && file.specId() == table.spec().specId()) {
          Integer day = file.partition().get(dayField, Integer.class);
          if (day != null) {
            days.add(LocalDate.ofEpochDay(day));
          }
        }
      }
      if (files.size() > MAX_FILES) {
        return whole;
      }
    }
    return whole;
  }

  /**
   * True when main holds rows no stedi run published: a snapshot since the latest one a run made
   * (which carries its run id) that added or removed rows without one (written by hand, by another
   * engine, or by {@code stedi sql --allow-writes}), or no run's snapshot at all. Compactions
   * ({@code replace}) change no row and do not count.
   */
  private static boolean writtenOutsideStedi(Table table, Snapshot main) {
    for (Snapshot s : SnapshotUtil.ancestorsOf(main.snapshotId(), table::snapshot)) {
      if (s.summary().containsKey(IcebergTables.RUN_ID_PROPERTY)) {
        return false;
      }
      if (!DataOperations.REPLACE.equals(s.operation())) {
        return true;
      }
    }
    return true;
  }

  /** The position of the table's {@code day(dayColumn)} partition field; -1 when it has none. */
  private static int dayPartition(Table table, String dayColumn) {
    List<PartitionField> fields = table.spec().fields();
    for (int i = 0; i < fields.size(); i++) {
      PartitionField field = fields.get(i);
      if (dayColumn != null
          && field.transform().toString().equals("day")
          && dayColumn.equals(table.schema().findColumnName(field.sourceId()))) {
        return i;
      }
    }
    return -1;
  }

  boolean none() {
    return !wholeTable && files.isEmpty();
  }

  /** The rows to audit: the added ones, or every row. */
  Dataset<Row> rows(SparkSession spark, LakehouseTable table) {
    Dataset<Row> rows = spark.table(Namespaces.of(spark).name(table));
    if (wholeTable) {
      return rows;
    }
    return rows.where(col("_file").isin(files.toArray())).where(dayCondition(""));
  }

  /**
   * SQL: the day column, behind {@code alias}, falls on a day of the added files; {@code true} when
   * the table is not partitioned by day.
   */
  String dayCondition(String alias) {
    return dayRanges().map(d -> d.condition(alias + dayColumn)).orElse("true");
  }

  /** The days of the added files; empty when the table is not partitioned by day. */
  Optional<DayRanges> dayRanges() {
    return days.isEmpty() ? Optional.empty() : Optional.of(DayRanges.of(days));
  }
}
