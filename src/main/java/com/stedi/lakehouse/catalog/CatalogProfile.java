package com.stedi.lakehouse.catalog;

import com.stedi.lakehouse.config.AwsSettings;
import com.stedi.lakehouse.config.LakehouseConfig;
import com.stedi.lakehouse.config.SetupException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Iceberg catalog properties of each profile. Profiles differ only here: no stage asks which
 * profile it runs on.
 */
public final class CatalogProfile {
  /**
   * SQLite file of the embedded catalog, inside the warehouse. bin/jit reads its time too: the
   * source files changed since are the ones a run has not taken yet.
   */
  public static final String LOCAL_CATALOG_DB = "catalog.db";

  private CatalogProfile() {}

  /**
   * Catalog properties, without the {@code spark.sql.catalog.<name>.} prefix. They are also the
   * properties of the FileIO that executors receive, so they carry every client setting the
   * executors need.
   */
  public static Map<String, String> properties(LakehouseConfig config) {
    return properties(config, DriverAwsDefaults.SDK);
  }

  static Map<String, String> properties(LakehouseConfig config, DriverAwsDefaults driver) {
    return switch (config.profile()) {
      case LakehouseConfig.PROFILE_LOCAL -> local(config);
      case LakehouseConfig.PROFILE_AWS -> aws(config, driver);
      default ->
          throw new SetupException(
              "Cannot open catalog: unknown profile '"
                  + config.profile()
                  + "' (expected: local or aws)");
    };
  }

  /** The prefix of the catalog's zone namespaces: Glue databases may share an account. */
  public static String namespacePrefix(LakehouseConfig config) {
    return config.aws().glueDatabasePrefix();
  }

  private static Map<String, String> local(LakehouseConfig config) {
    Map<String, String> props = new LinkedHashMap<>();
    // JDBC on SQLite gives atomic commits without a server; WAL and a busy timeout keep
    // parallel connections from failing with "database is locked".
    props.put("type", "jdbc");
    props.put(
        "uri",
        "jdbc:sqlite:"
            + config.localWarehouse().resolve(LOCAL_CATALOG_DB)
            + "?journal_mode=WAL&busy_timeout=30000");
    props.put("jdbc.schema-version", "V1");
    props.put("warehouse", config.warehouseUri().toString());
    // Another process (a second run, maintenance) may commit at any time: never serve a stale
    // cached table.
    props.put("cache-enabled", "false");
    return props;
  }

  private static Map<String, String> aws(LakehouseConfig config, DriverAwsDefaults driver) {
    AwsSettings aws = config.aws();
    Map<String, String> props = new LinkedHashMap<>();
    props.put("catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog");
    props.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
    props.put("warehouse", config.warehouse());
    // One Glue table version per commit would exhaust Glue's 100,000 versions per table.
    props.put("glue.skip-archive", "true");
    // The SDK's URL-connection client is the one on the classpath (Iceberg defaults to Apache's).
    props.put("http-client.type", "urlconnection");
    props.put("cache-enabled", "false");
    // Executors run no region or endpoint lookup of the driver's: pass what the driver found.
    putIfSet(props, "client.region", orElse(aws.region(), driver::region));
    putIfSet(props, "glue.id", aws.glueCatalogId());
    putIfSet(props, "glue.endpoint", aws.glueEndpoint());
    putIfSet(props, "s3.endpoint", orElse(aws.s3Endpoint(), driver::s3Endpoint));
    props.put("s3.path-style-access", String.valueOf(aws.s3PathStyleAccess()));
    return props;
  }

  private static String orElse(String value, Supplier<Optional<String>> driverDefault) {
    return value.isEmpty() ? driverDefault.get().orElse("") : value;
  }

  private static void putIfSet(Map<String, String> props, String key, String value) {
    if (!value.isEmpty()) {
      props.put(key, value);
    }
  }
}
