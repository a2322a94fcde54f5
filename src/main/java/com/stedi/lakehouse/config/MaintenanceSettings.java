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

  /** The defaults of {@link Setting}. */
  public static final MaintenanceSettings DEFAULTS = resolve(ConfigSources.defaults());

  static MaintenanceSettings resolve(ConfigSources sources) {
    return new MaintenanceSettings(
        sources.get(Setting.EXPIRE_OLDER_THAN, Quantities::duration),
        sources.get(Setting.RETAIN_LAST, (origin, v) -> Quantities.atLeast(origin, v, 1)),
        sources.get(Setting.TARGET_FILE_SIZE, Quantities::bytes),
        sources.get(Setting.ORPHANS_OLDER_THAN, Quantities::duration));
  }
}
