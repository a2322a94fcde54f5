package com.stedi.lakehouse.catalog;

import com.stedi.lakehouse.sql.SqlScript;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.TableProperties;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.types.DataTypes;

/**
 * Creates the namespaces and every table declared under {@code ddl/} that does not exist yet. Safe
 * to rerun: an existing table is left as it is, but for a trusted or curated table created before
 * runs published through a branch, which gets {@code write.wap.enabled}.
 */
public final class TableDdl {
  private TableDdl() {}

  /** Returns the tables it created, in creation order. */
  public static List<LakehouseTable> apply(SparkSession spark) {
    for (LakehouseTable first : firstOfEachNamespace()) {
      // Each zone gets its own folder (S3 prefix), so access can be granted per zone.
      spark.sql(
          "create namespace if not exists "
              + first.namespace()
              + " location "
              + Literal.create(warehouse(spark) + "/" + first.zone(), DataTypes.StringType).sql());
    }
    List<LakehouseTable> created = new ArrayList<>();
    for (LakehouseTable table : LakehouseTable.values()) {
      if (!exists(spark, table)) {
        SqlScript.statements(SqlScript.load(table.ddlResource())).forEach(spark::sql);
        created.add(table);
      } else if (table.isPublished() && !writeAuditPublishEnabled(spark, table)) {
        // Tables created before runs published through a branch; ddl/ declares the property.
        spark.sql(
            "alter table "
                + table.sqlName()
                + " set tblproperties ('"
                + TableProperties.WRITE_AUDIT_PUBLISH_ENABLED
                + "' = 'true')");
      }
    }
    return created;
  }

  private static boolean writeAuditPublishEnabled(SparkSession spark, LakehouseTable table) {
    return Boolean.parseBoolean(
        IcebergTables.load(spark, table)
            .properties()
            .get(TableProperties.WRITE_AUDIT_PUBLISH_ENABLED));
  }

  private static List<LakehouseTable> firstOfEachNamespace() {
    Map<String, LakehouseTable> first = new LinkedHashMap<>();
    for (LakehouseTable table : LakehouseTable.values()) {
      first.putIfAbsent(table.zone(), table);
    }
    return List.copyOf(first.values());
  }

  private static String warehouse(SparkSession spark) {
    String catalog = spark.conf().get("spark.sql.defaultCatalog");
    return spark.conf().get("spark.sql.catalog." + catalog + ".warehouse").replaceAll("/+$", "");
  }

  public static boolean exists(SparkSession spark, LakehouseTable table) {
    return spark.catalog().tableExists(table.sqlName());
  }

  /** True when every declared table exists. */
  public static boolean isComplete(SparkSession spark) {
    for (LakehouseTable table : LakehouseTable.values()) {
      if (!exists(spark, table)) {
        return false;
      }
    }
    return true;
  }
}
