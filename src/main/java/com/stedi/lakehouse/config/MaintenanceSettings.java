package com.stedi.lakehouse.config;

import java.time.Duration;

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

  public static final MaintenanceSettings DEFAULTS =
      new MaintenanceSettings(Duration.ofDays(7), 1, 128L << 20, Duration.ofDays(3));

  static MaintenanceSettings resolve(ConfigSources sources) {
    return new MaintenanceSettings(
        sources
            .value(Setting.EXPIRE_OLDER_THAN)
            .map(v -> Quantities.duration(sources.origin(Setting.EXPIRE_OLDER_THAN), v))
            .orElse(DEFAULTS.expireOlderThan()),
        sources
            .value(Setting.RETAIN_LAST)
            .map(v -> Quantities.atLeast(sources.origin(Setting.RETAIN_LAST), v, 1))
            .orElse(DEFAULTS.retainLast()),
        sources
            .value(Setting.TARGET_FILE_SIZE)
            .map(v -> Quantities.bytes(sources.origin(Setting.TARGET_FILE_SIZE), v))
            .orElse(DEFAULTS.targetFileSizeBytes()),
        sources
            .value(Setting.ORPHANS_OLDER_THAN)
            .map(v -> Quantities.duration(sources.origin(Setting.ORPHANS_OLDER_THAN), v))
            .orElse(DEFAULTS.orphansOlderThan()));
  }
}
