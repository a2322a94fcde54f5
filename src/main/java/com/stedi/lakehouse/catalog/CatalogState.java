package com.stedi.lakehouse.catalog;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.types.DataTypes;

/**
 * What the open catalog holds of the lakehouse: its namespaces and tables. The tables themselves
 * are made by the migrations ({@code migrations/}); {@code ddl/} shows them as they end up.
 */
public final class CatalogState {
  private CatalogState() {}

  /** Creates the namespaces that are missing, each zone in its own folder of the warehouse. */
  public static void createNamespaces(SparkSession spark) {
    Set<LakehouseTable> firstOfEach = new LinkedHashSet<>();
    Set<String> zones = new LinkedHashSet<>();
    for (LakehouseTable table : LakehouseTable.values()) {
      if (zones.add(table.zone())) {
        firstOfEach.add(table);
      }
    }
    for (LakehouseTable first : firstOfEach) {
      // Each zone gets its own folder (S3 prefix), so access can be granted per zone.
      spark.sql(
          "create namespace if not exists "
              + Namespaces.of(spark).namespace(first)
              + " location "
              + Literal.create(warehouse(spark) + "/" + first.zone(), DataTypes.StringType).sql());
    }
  }

  public static boolean exists(SparkSession spark, LakehouseTable table) {
    return spark.catalog().tableExists(Namespaces.of(spark).name(table));
  }

  /** True when every table of the lakehouse exists. */
  public static boolean isComplete(SparkSession spark) {
    return Arrays.stream(LakehouseTable.values()).allMatch(t -> exists(spark, t));
  }

  /** True when no table of the lakehouse exists. */
  public static boolean isEmpty(SparkSession spark) {
    return Arrays.stream(LakehouseTable.values()).noneMatch(t -> exists(spark, t));
  }

  private static String warehouse(SparkSession spark) {
    String catalog = spark.conf().get("spark.sql.defaultCatalog");
    return spark.conf().get("spark.sql.catalog." + catalog + ".warehouse").replaceAll("/+$", "");
  }
}
