package com.stedi.lakehouse.config;

import java.time.Duration;

/**
 * What a run may do: how long its tags keep snapshots, and the limits of its ingest and publish
 * audits.
 *
 * @param tagRetention how long the tag of a run is kept
 * @param maxRejectRatio a file with a larger share of quarantined lines fails the run (0 to 1)
 * @param maxRowLoss a published table may lose at most this share of its rows in one run (0 to 1)
 * @param rowLossMinRows tables with fewer rows are not held to {@code maxRowLoss}
 * @param migrate apply pending schema migrations first; without it a lakehouse that has some is
 *     refused (an empty warehouse gets every migration either way)
 * @param maxLineBytes a longer source line is quarantined without its text
 */
public record RunPolicy(
    Duration tagRetention,
    double maxRejectRatio,
    double maxRowLoss,
    long rowLossMinRows,
    boolean migrate,
    long maxLineBytes) {
  /** Lines are held in memory whole, in a Java array: at most this long. */
  private static final long LONGEST_LINE_LIMIT = 1L << 30;

  /** The documented defaults ({@link Setting}). */
  public static RunPolicy defaults() {
    return resolve(ConfigSources.defaults());
  }

  static RunPolicy resolve(ConfigSources sources) {
    return new RunPolicy(
        Duration.ofDays(
            sources.get(
                Setting.RUN_TAG_RETENTION_DAYS, (origin, v) -> Quantities.atLeast(origin, v, 1))),
        sources.get(Setting.MAX_REJECT_RATIO, Quantities::fraction),
        sources.get(Setting.AUDIT_MAX_ROW_LOSS, Quantities::fraction),
        sources.get(
            Setting.AUDIT_ROW_LOSS_MIN_ROWS, (origin, v) -> Quantities.atLeast(origin, v, 0)),
        false,
        sources.get(Setting.MAX_LINE_BYTES, RunPolicy::lineLimit));
  }

  private static long lineLimit(String origin, String text) {
    long bytes = Quantities.bytes(origin, text);
    if (bytes > LONGEST_LINE_LIMIT) {
      throw new SetupException("Cannot read " + origin + ": '" + text + "' is over 1GB");
    }
    return bytes;
  }

  public RunPolicy withMaxRejectRatio(double ratio) {
    return new RunPolicy(tagRetention, ratio, maxRowLoss, rowLossMinRows, migrate, maxLineBytes);
  }

  public RunPolicy withRowLoss(double maxLoss, long minRows) {
    return new RunPolicy(tagRetention, maxRejectRatio, maxLoss, minRows, migrate, maxLineBytes);
  }

  public RunPolicy withMigrate(boolean apply) {
    return new RunPolicy(
        tagRetention, maxRejectRatio, maxRowLoss, rowLossMinRows, apply, maxLineBytes);
  }

  public RunPolicy withMaxLineBytes(long bytes) {
    return new RunPolicy(tagRetention, maxRejectRatio, maxRowLoss, rowLossMinRows, migrate, bytes);
  }
}
