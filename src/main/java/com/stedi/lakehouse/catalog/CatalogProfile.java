package com.stedi.lakehouse.catalog;

import com.stedi.lakehouse.config.LakehouseConfig;
import com.stedi.lakehouse.config.SetupException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Iceberg catalog properties of each profile. Profiles differ only here: no stage asks which
 * profile it runs on.
 */
public final class CatalogProfile {
  /** SQLite file of the embedded catalog, inside the warehouse. */
  public static final String LOCAL_CATALOG_DB = "catalog.db";

  private CatalogProfile() {}

  /** Catalog properties, without the {@code spark.sql.catalog.<name>.} prefix. */
  public static Map<String, String> properties(LakehouseConfig config) {
    if (!LakehouseConfig.PROFILE_LOCAL.equals(config.profile())) {
      throw new SetupException(
          "Cannot open catalog: unknown profile '" + config.profile() + "' (expected: local)");
    }
    return local(config);
  }

  private static Map<String, String> local(LakehouseConfig config) {
    Map<String, String> props = new LinkedHashMap<>();
    // JDBC on SQLite gives atomic commits without a server; WAL and a busy timeout keep
    // parallel connections from failing with "database is locked".
    props.put("type", "jdbc");
    props.put(
        "uri",
        "jdbc:sqlite:"
            + config.warehouse().resolve(LOCAL_CATALOG_DB)
            + "?journal_mode=WAL&busy_timeout=30000");
    props.put("jdbc.schema-version", "V1");
    props.put("warehouse", config.warehouseUri().toString());
    // Another process (a second run, maintenance) may commit at any time: never serve a stale
    // cached table.
    props.put("cache-enabled", "false");
    return props;
  }
}
