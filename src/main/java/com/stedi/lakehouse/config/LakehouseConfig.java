package com.stedi.lakehouse.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The settings of one invocation, immutable and built in one place ({@link #resolve}) from the
 * sources {@link ConfigSources} ranks: command line, environment, configuration file, default.
 *
 * @param profile catalog profile: {@code local} is the embedded JDBC catalog on SQLite, {@code aws}
 *     the AWS Glue Data Catalog with S3
 * @param warehouse where tables live: an absolute folder (local) or {@code s3://bucket/prefix}
 *     (aws)
 * @param warehouseSharedMount whether a local warehouse folder is a mount every node of a cluster
 *     shares, so executors on other machines can write it
 * @param catalogName Spark catalog name; the same in every profile
 * @param aws Glue and S3 settings; {@link AwsSettings#NONE} for the local profile
 * @param shufflePartitions Spark shuffle partitions, unless the submitter set {@code
 *     spark.sql.shuffle.partitions}
 * @param run what `stedi run` may do: tag retention, reject and audit limits
 * @param maintenance defaults of `stedi maintain`
 * @param verbose whether Spark's logs and stack traces are shown
 */
public record LakehouseConfig(
    String profile,
    String warehouse,
    boolean warehouseSharedMount,
    String catalogName,
    AwsSettings aws,
    int shufflePartitions,
    RunPolicy run,
    MaintenanceSettings maintenance,
    boolean verbose) {

  public static final String PROFILE_LOCAL = "local";
  public static final String PROFILE_AWS = "aws";
  public static final String CATALOG_NAME = "stedi";

  public LakehouseConfig {
    warehouse =
        PROFILE_LOCAL.equals(profile) ? localFolder(warehouse).toString() : s3Location(warehouse);
  }

  /** A local lakehouse in a folder, with the given Spark settings and default maintenance. */
  public static LakehouseConfig local(Path warehouse, int shufflePartitions, boolean verbose) {
    return new LakehouseConfig(
        PROFILE_LOCAL,
        warehouse.toString(),
        false,
        CATALOG_NAME,
        AwsSettings.NONE,
        shufflePartitions,
        RunPolicy.defaults(),
        MaintenanceSettings.DEFAULTS,
        verbose);
  }

  /** Builds the configuration from its sources. */
  public static LakehouseConfig resolve(ConfigSources sources, boolean verbose) {
    String profile = sources.get(Setting.PROFILE).strip().toLowerCase(Locale.ROOT);
    if (!profile.equals(PROFILE_LOCAL) && !profile.equals(PROFILE_AWS)) {
      throw new SetupException(
          "Cannot read "
              + sources.origin(Setting.PROFILE)
              + ": unknown profile '"
              + profile
              + "' (expected: local or aws)");
    }
    boolean aws = profile.equals(PROFILE_AWS);
    String warehouse =
        sources
            .value(Setting.WAREHOUSE)
            .orElseGet(
                () -> {
                  if (aws) {
                    throw new SetupException(
                        "Cannot use profile aws: no warehouse; set "
                            + Setting.WAREHOUSE.env()
                            + "=s3://bucket/prefix, pass --warehouse s3://bucket/prefix, or put"
                            + " warehouse= in the configuration file");
                  }
                  return Setting.WAREHOUSE.defaultValue();
                });
    if (!aws && warehouse.matches("s3a?://.*")) {
      throw new SetupException(
          "Cannot use warehouse "
              + warehouse
              + " with profile local: an S3 warehouse needs --profile aws (or "
              + Setting.PROFILE.env()
              + "=aws)");
    }
    return new LakehouseConfig(
        profile,
        warehouse,
        sources.get(Setting.WAREHOUSE_SHARED_MOUNT, Quantities::bool),
        CATALOG_NAME,
        aws ? AwsSettings.resolve(sources) : AwsSettings.NONE,
        sources.get(Setting.SHUFFLE_PARTITIONS, (origin, v) -> Quantities.atLeast(origin, v, 1)),
        RunPolicy.resolve(sources),
        MaintenanceSettings.resolve(sources),
        verbose);
  }

  public boolean isLocal() {
    return PROFILE_LOCAL.equals(profile);
  }

  /** The warehouse folder of the local profile. */
  public Path localWarehouse() {
    if (!isLocal()) {
      throw new IllegalStateException("Profile " + profile + " has no local warehouse folder");
    }
    return Path.of(warehouse);
  }

  /**
   * The warehouse as a URI: {@code file:} for a folder, since Iceberg records locations as given
   * and other engines refuse locations without a scheme.
   */
  public URI warehouseUri() {
    return isLocal() ? localWarehouse().toUri() : URI.create(warehouse);
  }

  private static Path localFolder(String location) {
    try {
      return (location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location))
          .toAbsolutePath()
          .normalize();
    } catch (IllegalArgumentException e) {
      throw new SetupException("Cannot use warehouse " + location + ": not a folder path", e);
    }
  }

  private static String s3Location(String location) {
    String trimmed = location.strip().replaceAll("/+$", "");
    if (!trimmed.matches("s3a?://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?")) {
      throw new SetupException(
          "Cannot use warehouse "
              + location
              + ": expected s3://bucket/prefix (bucket names are lower-case letters, digits, . and"
              + " -)");
    }
    return trimmed;
  }
}
