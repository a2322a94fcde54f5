package com.stedi.lakehouse.catalog;

import com.stedi.lakehouse.sql.SqlScript;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the namespaces and every table declared under {@code ddl/} that does not exist yet. Safe
 * to rerun: an existing table is left exactly as it is.
 */
public final class TableDdl {
  private TableDdl() {}

  /** Returns the tables it created, in creation order. */
  public static List<LakehouseTable> apply(SparkSession spark) {
    for (String namespace : LakehouseTable.namespaces()) {
      spark.sql("create namespace if not exists " + namespace);
    }
    List<LakehouseTable> created = new ArrayList<>();
    for (LakehouseTable table : LakehouseTable.values()) {
      if (!exists(spark, table)) {
        SqlScript.statements(SqlScript.load(table.ddlResource())).forEach(spark::sql);
        created.add(table);
      }
    }
    return created;
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
