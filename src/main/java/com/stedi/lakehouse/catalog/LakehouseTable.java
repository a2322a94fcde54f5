package com.stedi.lakehouse.catalog;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

  /**
   * Prefix of the namespaces in the open catalog (Glue databases {@code stedi_landing}, ...). It is
   * set when the session opens, like the catalog itself: one lakehouse per JVM at a time.
   */
  private static volatile String namespacePrefix = "";

  private static final Pattern LOGICAL_NAME =
      Pattern.compile(
          "(?<![\\w.`])("
              + Arrays.stream(values())
                  .map(LakehouseTable::logicalName)
                  .map(Pattern::quote)
                  .collect(Collectors.joining("|"))
              + ")(?![\\w`])");

  private static final Pattern NAMESPACE =
      Pattern.compile("(?<![\\w.`])((?:landing|trusted|curated|ops)\\.)(?=[\\w`])");

  private final String namespace;
  private final String table;

  LakehouseTable(String namespace, String table) {
    this.namespace = namespace;
    this.table = table;
  }

  /** The namespace in the open catalog, e.g. {@code trusted} or {@code stedi_trusted}. */
  public String namespace() {
    return namespacePrefix + namespace;
  }

  /** The zone or {@code ops}, whatever the catalog calls its namespace. */
  public String zone() {
    return namespace;
  }

  /** The name used in SQL, e.g. {@code trusted.customer}; the catalog is the session default. */
  public String sqlName() {
    return namespace() + "." + table;
  }

  /** The name without the namespace prefix, as the SQL resources and ddl/ write it. */
  public String logicalName() {
    return namespace + "." + table;
  }

  /** The logical name as one SQL identifier, e.g. {@code trusted_customer}, for temporary views. */
  public String viewName() {
    return namespace + "_" + table;
  }

  /** Sets the namespace prefix of the catalog being opened. */
  static void useNamespacePrefix(String prefix) {
    namespacePrefix = prefix;
  }

  /**
   * Rewrites the logical table names in SQL text ({@code trusted.customer}) into the names of the
   * open catalog ({@code stedi_trusted.customer}), so resources read the same in every profile.
   */
  public static String qualify(String sql) {
    if (namespacePrefix.isEmpty()) {
      return sql;
    }
    Matcher m = LOGICAL_NAME.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(namespacePrefix + m.group(1)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Rewrites every name in a namespace of the lakehouse ({@code trusted.anything}) outside quoted
   * strings into the open catalog's ({@code stedi_trusted.anything}): for migrations, which may
   * name tables that this code no longer (or does not yet) list, and whose column comments keep
   * their text.
   */
  public static String qualifyNamespaces(String sql) {
    if (namespacePrefix.isEmpty()) {
      return sql;
    }
    String[] parts = sql.split("'", -1);
    for (int i = 0; i < parts.length; i += 2) {
      parts[i] =
          NAMESPACE.matcher(parts[i]).replaceAll(Matcher.quoteReplacement(namespacePrefix) + "$1");
    }
    return String.join("'", parts);
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
   * Finds a table by its SQL name, with or without the namespace prefix, case-insensitively; null
   * when there is none.
   */
  public static LakehouseTable bySqlName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(t -> t.sqlName().equals(wanted) || t.logicalName().equals(wanted))
        .findFirst()
        .orElse(null);
  }

  @Override
  public String toString() {
    return sqlName();
  }
}
