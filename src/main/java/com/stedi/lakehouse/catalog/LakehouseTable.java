package com.stedi.lakehouse.catalog;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Every table of the lakehouse, in dependency order: the order of creation and of a run. */
public enum LakehouseTable {
  LANDING_CUSTOMER("landing", "customer"),
  LANDING_ACCELEROMETER("landing", "accelerometer"),
  LANDING_STEP_TRAINER("landing", "step_trainer"),
  TRUSTED_CUSTOMER("trusted", "customer"),
  TRUSTED_ACCELEROMETER("trusted", "accelerometer"),
  CURATED_CUSTOMER("curated", "customer"),
  TRUSTED_STEP_TRAINER("trusted", "step_trainer"),
  CURATED_MACHINE_LEARNING("curated", "machine_learning"),
  OPS_RUNS("ops", "runs"),
  OPS_RUN_TABLES("ops", "run_tables"),
  OPS_SOURCE_FILES("ops", "source_files");

  private final String namespace;
  private final String table;

  LakehouseTable(String namespace, String table) {
    this.namespace = namespace;
    this.table = table;
  }

  public String namespace() {
    return namespace;
  }

  /** The name used in SQL, e.g. {@code trusted.customer}; the catalog is the session default. */
  public String sqlName() {
    return namespace + "." + table;
  }

  /** The declared state of this table: {@code ddl/<namespace>/<table>.sql}. */
  public String ddlResource() {
    return "ddl/" + namespace + "/" + table + ".sql";
  }

  /** The query of this table's contents: {@code sql/<namespace>/<table>.sql}. */
  public String sqlResource() {
    return "sql/" + namespace + "/" + table + ".sql";
  }

  /** True for the landing, trusted and curated tables; false for the ops tables. */
  public boolean isZone() {
    return !namespace.equals("ops");
  }

  /** The landing, trusted and curated tables in run order. */
  public static List<LakehouseTable> zoneTables() {
    return Arrays.stream(values()).filter(LakehouseTable::isZone).toList();
  }

  public static List<String> namespaces() {
    return Arrays.stream(values()).map(LakehouseTable::namespace).distinct().toList();
  }

  /** Finds a table by its SQL name, case-insensitively; null when there is none. */
  public static LakehouseTable bySqlName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(t -> t.sqlName().equals(wanted)).findFirst().orElse(null);
  }

  @Override
  public String toString() {
    return sqlName();
  }
}
