package com.stedi.lakehouse.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The settings of one invocation, immutable and built in one place ({@link #resolve}).
 *
 * <p>Precedence, highest first: command-line option, environment variable, default. (The AWS
 * profile adds a configuration file between the environment and the defaults.)
 *
 * @param profile catalog profile; {@code local} is the embedded JDBC catalog on SQLite
 * @param warehouse folder holding the catalog database, table metadata and data
 * @param catalogName Spark catalog name; the same in every profile
 * @param shufflePartitions Spark shuffle partitions for local runs
 * @param runTagRetention how long the tag of a run keeps its snapshots reachable
 * @param maintenance defaults of `stedi maintain`
 * @param verbose whether Spark's logs and stack traces are shown
 */
public record LakehouseConfig(
    String profile,
    Path warehouse,
    String catalogName,
    int shufflePartitions,
    Duration runTagRetention,
    MaintenanceSettings maintenance,
    boolean verbose) {

  public static final String PROFILE_LOCAL = "local";
  public static final String CATALOG_NAME = "stedi";
  public static final String WAREHOUSE_ENV = "STEDI_WAREHOUSE";
  public static final Path WAREHOUSE_DEFAULT = Path.of("warehouse");
  public static final String SHUFFLE_PARTITIONS_ENV = "STEDI_SHUFFLE_PARTITIONS";
  public static final int SHUFFLE_PARTITIONS_DEFAULT = 8;
  public static final String RUN_TAG_RETENTION_DAYS_ENV = "STEDI_RUN_TAG_RETENTION_DAYS";
  public static final Duration RUN_TAG_RETENTION_DEFAULT = Duration.ofDays(7);

  public LakehouseConfig {
    warehouse = warehouse.toAbsolutePath().normalize();
  }

  /** Builds the configuration from a command-line value (null when absent) and the environment. */
  public static LakehouseConfig resolve(
      Path warehouseOption, boolean verbose, Map<String, String> env) {
    Path warehouse =
        warehouseOption != null
            ? warehouseOption
            : env.containsKey(WAREHOUSE_ENV) ? Path.of(env.get(WAREHOUSE_ENV)) : WAREHOUSE_DEFAULT;
    int partitions =
        env.containsKey(SHUFFLE_PARTITIONS_ENV)
            ? parsePositive(SHUFFLE_PARTITIONS_ENV, env.get(SHUFFLE_PARTITIONS_ENV))
            : SHUFFLE_PARTITIONS_DEFAULT;
    Duration tagRetention =
        env.containsKey(RUN_TAG_RETENTION_DAYS_ENV)
            ? Duration.ofDays(
                parsePositive(RUN_TAG_RETENTION_DAYS_ENV, env.get(RUN_TAG_RETENTION_DAYS_ENV)))
            : RUN_TAG_RETENTION_DEFAULT;
    return new LakehouseConfig(
        PROFILE_LOCAL,
        warehouse,
        CATALOG_NAME,
        partitions,
        tagRetention,
        MaintenanceSettings.resolve(env),
        verbose);
  }

  /**
   * The warehouse as a {@code file:} URI: Iceberg records locations as given, and other engines
   * refuse locations without a scheme.
   */
  public URI warehouseUri() {
    return warehouse.toUri();
  }

  private static int parsePositive(String name, String value) {
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SetupException(
        "Cannot read " + name + ": '" + value + "' is not a positive whole number");
  }
}
