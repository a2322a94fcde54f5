package com.stedi.lakehouse.ops;

import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Row counts of every table, in run order. */
public final class LakehouseReport {
  private LakehouseReport() {}

  public static Map<String, Long> counts(SparkSession spark) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (LakehouseTable table : LakehouseTable.zoneTables()) {
      counts.put(table.sqlName(), spark.table(table.sqlName()).count());
    }
    return counts;
  }
}
