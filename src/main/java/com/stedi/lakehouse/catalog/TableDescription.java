package com.stedi.lakehouse.catalog;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SortField;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;

/**
 * What `stedi describe TABLE` shows: the schema with column docs, the partition spec, the sort
 * order, the properties, and the refs (branches and tags) with the snapshot each points at.
 */
public record TableDescription(
    String table,
    String location,
    int formatVersion,
    int schemaId,
    List<Column> columns,
    List<String> partitionSpec,
    List<String> sortOrder,
    Map<String, String> properties,
    List<Ref> refs) {

  /** A top-level column; {@code type} is Iceberg's name for it, e.g. {@code timestamptz}. */
  public record Column(String name, String type, boolean required, String doc) {}

  /** A branch or tag; {@code maxAgeMs} is null when it never expires. */
  public record Ref(String name, String type, long snapshotId, Long maxAgeMs) {}

  public static TableDescription of(SparkSession spark, LakehouseTable lakehouseTable) {
    Table table = IcebergTables.load(spark, lakehouseTable);
    Schema schema = table.schema();
    return new TableDescription(
        lakehouseTable.logicalName(),
        table.location(),
        ((HasTableOperations) table).operations().current().formatVersion(),
        schema.schemaId(),
        schema.columns().stream().map(TableDescription::column).toList(),
        table.spec().fields().stream().map(f -> partitionField(schema, f)).toList(),
        table.sortOrder().fields().stream().map(f -> sortField(schema, f)).toList(),
        new TreeMap<>(table.properties()),
        new TreeMap<>(table.refs())
            .entrySet().stream().map(e -> ref(e.getKey(), e.getValue())).toList());
  }

  private static Column column(Types.NestedField field) {
    return new Column(field.name(), field.type().toString(), field.isRequired(), field.doc());
  }

  private static String partitionField(Schema schema, PartitionField field) {
    return field.transform() + "(" + schema.findColumnName(field.sourceId()) + ")";
  }

  private static String sortField(Schema schema, SortField field) {
    String column = schema.findColumnName(field.sourceId());
    String term = field.transform().isIdentity() ? column : field.transform() + "(" + column + ")";
    return term + " " + field.direction() + " " + field.nullOrder();
  }

  private static Ref ref(String name, SnapshotRef ref) {
    return new Ref(name, ref.isBranch() ? "branch" : "tag", ref.snapshotId(), ref.maxRefAgeMs());
  }
}
