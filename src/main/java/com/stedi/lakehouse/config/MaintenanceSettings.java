package com.stedi.lakehouse.config;

import java.time.Duration;
import java.util.Map;

/**
 * Defaults of `stedi maintain`, each overridable by its environment variable and then by the
 * command's option.
 *
 * @param expireOlderThan snapshots (and run tags) older than this are expired: the reach of time
 *     travel, and how long a withdrawn customer's rows stay in storage after the run that deleted
 *     them (plus the time to the next maintenance)
 * @param retainLast snapshots kept per table whatever their age
 * @param targetFileSizeBytes size compaction aims at
 * @param orphansOlderThan files no snapshot references are deleted once older than this: a safety
 *     margin for writers still at work
 */
public record MaintenanceSettings(
    Duration expireOlderThan, int retainLast, long targetFileSizeBytes, Duration orphansOlderThan) {

  public static final String EXPIRE_OLDER_THAN_ENV = "STEDI_EXPIRE_OLDER_THAN";
  public static final String RETAIN_LAST_ENV = "STEDI_RETAIN_LAST";
  public static final String TARGET_FILE_SIZE_ENV = "STEDI_TARGET_FILE_SIZE";
  public static final String ORPHANS_OLDER_THAN_ENV = "STEDI_ORPHANS_OLDER_THAN";

  public static final MaintenanceSettings DEFAULTS =
      new MaintenanceSettings(Duration.ofDays(7), 1, 128L << 20, Duration.ofDays(3));

  static MaintenanceSettings resolve(Map<String, String> env) {
    return new MaintenanceSettings(
        env.containsKey(EXPIRE_OLDER_THAN_ENV)
            ? Quantities.duration(EXPIRE_OLDER_THAN_ENV, env.get(EXPIRE_OLDER_THAN_ENV))
            : DEFAULTS.expireOlderThan(),
        env.containsKey(RETAIN_LAST_ENV)
            ? Quantities.atLeast(RETAIN_LAST_ENV, env.get(RETAIN_LAST_ENV), 1)
            : DEFAULTS.retainLast(),
        env.containsKey(TARGET_FILE_SIZE_ENV)
            ? Quantities.bytes(TARGET_FILE_SIZE_ENV, env.get(TARGET_FILE_SIZE_ENV))
            : DEFAULTS.targetFileSizeBytes(),
        env.containsKey(ORPHANS_OLDER_THAN_ENV)
            ? Quantities.duration(ORPHANS_OLDER_THAN_ENV, env.get(ORPHANS_OLDER_THAN_ENV))
            : DEFAULTS.orphansOlderThan());
  }
}
