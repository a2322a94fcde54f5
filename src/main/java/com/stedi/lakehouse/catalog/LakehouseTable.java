package com.stedi.lakehouse.catalog;

import java.util.Arrays;
import java.util.List;

/** Every table of the lakehouse, in dependency order: the order of creation and of a run. */
public enum LakehouseTable {
  LANDING_CUSTOMER("landing", "customer"),
  LANDING_ACCELEROMETER("landing", "accelerometer"),
  LANDING_STEP_TRAINER("landing", "step_trainer"),
  LANDING_REJECTS("landing", "rejects"),
  TRUSTED_CUSTOMER("trusted", "customer"),
  TRUSTED_ACCELEROMETER("trusted", "accelerometer"),
  CURATED_CUSTOMER("curated", "customer"),
  TRUSTED_STEP_TRAINER("trusted", "step_trainer"),
  CURATED_MACHINE_LEARNING("curated", "machine_learning"),
  OPS_RUNS("ops", "runs"),
  OPS_RUN_TABLES("ops", "run_tables"),
  OPS_SOURCE_FILES("ops", "source_files"),
  OPS_SCHEMA_HISTORY("ops", "schema_history");

  private final String namespace;
  private final String table;

  LakehouseTable(String namespace, String table) {
    this.namespace = namespace;
    this.table = table;
  }

  /** The zone or {@code ops}, whatever the catalog calls its namespace. */
  public String zone() {
    return namespace;
  }

  /**
   * The name without the namespace prefix, as ddl/ writes it, e.g. {@code trusted.customer}: the
   * name in the local profile's catalog. Engines name a table through their session's {@link
   * Namespaces}.
   */
  public String logicalName() {
    return namespace + "." + table;
  }

  /** The logical name as one SQL identifier, e.g. {@code trusted_customer}, for temporary views. */
  public String viewName() {
    return namespace + "_" + table;
  }

  /** The declared state of this table: {@code ddl/<zone>/<table>.sql}. */
  public String ddlResource() {
    return "ddl/" + namespace + "/" + table + ".sql";
  }

  /** The query of this table's contents: {@code sql/<zone>/<table>.sql}. */
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

  /**
   * Finds a table by its name without prefix ({@code trusted.customer}), case-insensitively; null
   * when there is none. {@link Namespaces#table} also knows the open catalog's names.
   */
  public static LakehouseTable bySqlName(String name) {
    return Namespaces.NONE.table(name);
  }

  @Override
  public String toString() {
    return logicalName();
  }
}
