package com.stedi.lakehouse.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The few rows of the {@code ops} tables, read and appended through Iceberg's Java API on the
 * driver. Why: each Spark query or write of a handful of rows costs a Spark job (planning,
 * scheduling, a task), and a night with nothing new should decide and record itself without one.
 * For small unpartitioned tables only: everything is held in memory.
 */
public final class MetadataRows {
  private MetadataRows() {}

  /**
   * The rows of a table's main branch that match {@code filter}, with the named columns (which must
   * include those the filter reads), or all columns when none are named.
   */
  public static List<Record> read(
      SparkSession spark, LakehouseTable table, Expression filter, String... columns) {
    Table t = IcebergTables.load(spark, table);
    t.refresh();
    IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(t).where(filter);
    if (columns.length > 0) {
      scan = scan.select(columns);
    }
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = scan.build()) {
      records.forEach(r -> rows.add(r.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + table + ": " + e.getMessage(), e);
    }
    return rows;
  }

  /**
   * Appends rows (values in the order of the table's columns, as a Spark {@link Row} of its schema
   * holds them) in one data file and one fast-append commit that carries the run id, if any.
   */
  public static void append(
      SparkSession spark, LakehouseTable table, List<Row> rows, String runId) {
    if (rows.isEmpty()) {
      return;
    }
    Table t = IcebergTables.load(spark, table);
    t.refresh();
    if (t.spec().isPartitioned()) {
      throw new IllegalStateException("Cannot append to " + table + ": it is partitioned");
    }
    FileFormat format =
        FileFormat.fromString(
            t.properties()
                .getOrDefault(
                    TableProperties.DEFAULT_FILE_FORMAT,
                    TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
    Schema schema = t.schema();
    // The table's schema, file format and writer properties (compression and metrics) come with it.
    GenericFileWriterFactory writers = new GenericFileWriterFactory.Builder(t).build();
    OutputFileFactory files =
        OutputFileFactory.builderFor(t, 0, System.nanoTime()).format(format).build();
    DataWriter<Record> writer = writers.newDataWriter(files.newOutputFile(), t.spec(), null);
    try (writer) {
      for (Row row : rows) {
        writer.write(record(schema, row));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot append to " + table + ": " + e.getMessage(), e);
    }
    AppendFiles append = t.newFastAppend().appendFile(writer.toDataFile());
    if (runId != null) {
      append.set(IcebergTables.RUN_ID_PROPERTY, runId);
    }
    append.commit();
  }

  private static Record record(Schema schema, Row row) {
    List<Types.NestedField> fields = schema.columns();
    if (row.length() != fields.size()) {
      throw new IllegalArgumentException(
          "Cannot write a row of " + row.length() + " values into " + fields.size() + " columns");
    }
    GenericRecord record = GenericRecord.create(schema);
    for (int i = 0; i < fields.size(); i++) {
      record.set(i, value(fields.get(i).type(), row.get(i)));
    }
    return record;
  }

  /** A Spark value as Iceberg's generic records hold it: timestamps become java.time values. */
  private static Object value(org.apache.iceberg.types.Type type, Object value) {
    if (value instanceof Timestamp ts && type instanceof Types.TimestampType t) {
      return t.shouldAdjustToUTC()
          ? OffsetDateTime.ofInstant(ts.toInstant(), ZoneOffset.UTC)
          : LocalDateTime.ofInstant(ts.toInstant(), ZoneOffset.UTC);
    }
    return value;
  }

  /** A timestamp column's value from a generic record. */
  public static java.time.Instant instant(Object value) {
    if (value instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof LocalDateTime ldt) {
      return ldt.toInstant(ZoneOffset.UTC);
    }
    throw new IllegalArgumentException("Cannot read a timestamp from " + value);
  }
}
