package com.stedi.lakehouse.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the lakehouse: its key in a configuration file and in {@code --conf}, its
 * environment variable, its default and what it means. README's table of settings is checked
 * against this list.
 *
 * <p>Keys use {@code .} for hierarchy and {@code -} inside a word group ({@code
 * maintenance.retain-last}). A key that was renamed keeps working as a deprecated alias.
 */
public enum Setting {
  PROFILE(
      "profile", "STEDI_PROFILE", "local", "Catalog profile: local (embedded) or aws (Glue, S3)"),
  WAREHOUSE(
      "warehouse",
      "STEDI_WAREHOUSE",
      "./warehouse",
      "Warehouse: a folder (local) or s3://bucket/prefix (aws); required for aws"),
  WAREHOUSE_SHARED_MOUNT(
      "warehouse.shared-mount",
      "STEDI_WAREHOUSE_SHARED_MOUNT",
      "false",
      "The local warehouse folder is a mount every cluster node shares; needed with a cluster master"),
  SHUFFLE_PARTITIONS(
      "spark.shuffle-partitions",
      "STEDI_SHUFFLE_PARTITIONS",
      "8",
      "Spark shuffle partitions, unless the submitter sets spark.sql.shuffle.partitions",
      "shuffle-partitions"),
  RUN_TAG_RETENTION_DAYS(
      "run.tag-retention-days",
      "STEDI_RUN_TAG_RETENTION_DAYS",
      "7",
      "Days the tag of a run keeps its snapshots reachable",
      "run-tag-retention-days"),
  MAX_REJECT_RATIO(
      "ingest.max-reject-ratio",
      "STEDI_MAX_REJECT_RATIO",
      "1",
      "stedi run fails, landing nothing, when a file's share of quarantined lines is over this (0-1)"),
  MAX_LINE_BYTES(
      "ingest.max-line-bytes",
      "STEDI_MAX_LINE_BYTES",
      "1MB",
      "A longer source line is quarantined without its text"),
  AUDIT_MAX_ROW_LOSS(
      "audit.max-row-loss",
      "STEDI_AUDIT_MAX_ROW_LOSS",
      "0.5",
      "stedi run publishes nothing when a table would lose more than this share of its rows (0-1)"),
  AUDIT_ROW_LOSS_MIN_ROWS(
      "audit.row-loss-min-rows",
      "STEDI_AUDIT_ROW_LOSS_MIN_ROWS",
      "1000",
      "Tables with fewer rows are not held to audit.max-row-loss"),
  EXPIRE_OLDER_THAN(
      "maintenance.expire-older-than",
      "STEDI_EXPIRE_OLDER_THAN",
      "7d",
      "stedi maintain: snapshots older than this are expired"),
  RETAIN_LAST(
      "maintenance.retain-last",
      "STEDI_RETAIN_LAST",
      "1",
      "stedi maintain: snapshots kept per table whatever their age"),
  TARGET_FILE_SIZE(
      "maintenance.target-file-size",
      "STEDI_TARGET_FILE_SIZE",
      "128MB",
      "stedi maintain: size compaction aims at"),
  ORPHANS_OLDER_THAN(
      "maintenance.orphans-older-than",
      "STEDI_ORPHANS_OLDER_THAN",
      "3d",
      "stedi maintain: unreferenced files older than this are deleted"),
  AWS_REGION(
      "aws.region",
      "STEDI_AWS_REGION",
      "",
      "AWS region of Glue and S3 (default: the AWS SDK's region chain, e.g. AWS_REGION)"),
  GLUE_DATABASE_PREFIX(
      "aws.glue.database-prefix",
      "STEDI_GLUE_DATABASE_PREFIX",
      "",
      "Prefix of the Glue databases: stedi_ gives stedi_landing, stedi_trusted, ..."),
  GLUE_CATALOG_ID(
      "aws.glue.catalog-id",
      "STEDI_GLUE_CATALOG_ID",
      "",
      "Account id of the Glue Data Catalog (default: the caller's account)"),
  GLUE_ENDPOINT(
      "aws.glue.endpoint",
      "STEDI_GLUE_ENDPOINT",
      "",
      "Glue endpoint override, e.g. a VPC endpoint"),
  S3_ENDPOINT(
      "aws.s3.endpoint",
      "STEDI_S3_ENDPOINT",
      "",
      "S3 endpoint override, for S3-compatible stores or a VPC endpoint"),
  S3_PATH_STYLE_ACCESS(
      "aws.s3.path-style-access",
      "STEDI_S3_PATH_STYLE_ACCESS",
      "false",
      "Address buckets as endpoint/bucket instead of bucket.endpoint");

  private final String key;
  private final String env;
  private final String defaultValue;
  private final String description;
  private final List<String> deprecatedKeys;

  Setting(String key, String env, String defaultValue, String description, String... deprecated) {
    this.key = key;
    this.env = env;
    this.defaultValue = defaultValue;
    this.description = description;
    this.deprecatedKeys = List.of(deprecated);
  }

  public String key() {
    return key;
  }

  public String env() {
    return env;
  }

  /** The default as documented; empty when there is none. */
  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** Former keys of this setting, still read. */
  public List<String> deprecatedKeys() {
    return deprecatedKeys;
  }

  /** The setting of a key, or of a deprecated key it had. */
  public static Optional<Setting> byKey(String key) {
    return Arrays.stream(values())
        .filter(s -> s.key.equals(key) || s.deprecatedKeys.contains(key))
        .findFirst();
  }
}
