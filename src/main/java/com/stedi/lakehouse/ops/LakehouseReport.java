package com.stedi.lakehouse.ops;

import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Row counts of every table, in run order, by the catalog's names. */
public final class LakehouseReport {
  private LakehouseReport() {}

  public static Map<String, Long> counts(SparkSession spark) {
    Namespaces namespaces = Namespaces.of(spark);
    Map<String, Long> counts = new LinkedHashMap<>();
    for (LakehouseTable table : LakehouseTable.zoneTables()) {
      String name = namespaces.name(table);
      counts.put(name, spark.table(name).count());
    }
    return counts;
  }
}
