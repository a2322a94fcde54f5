package com.stedi.lakehouse.config;

import java.time.Duration;

/**
 * What a run may do: how long its tags (and a failed run's branch) keep snapshots, and the limits
 * of its ingest and publish audits.
 *
 * @param tagRetention how long the tag of a run, or the branch of a failed one, is kept
 * @param maxRejectRatio a file with a larger share of quarantined lines fails the run (0 to 1)
 * @param maxRowLoss a published table may lose at most this share of its rows in one run (0 to 1)
 * @param rowLossMinRows tables with fewer rows are not held to {@code maxRowLoss}
 */
public record RunPolicy(
    Duration tagRetention, double maxRejectRatio, double maxRowLoss, long rowLossMinRows) {

  /** The documented defaults ({@link Setting}). */
  public static RunPolicy defaults() {
    return new RunPolicy(
        Duration.ofDays(Long.parseLong(Setting.RUN_TAG_RETENTION_DAYS.defaultValue())),
        Double.parseDouble(Setting.MAX_REJECT_RATIO.defaultValue()),
        Double.parseDouble(Setting.AUDIT_MAX_ROW_LOSS.defaultValue()),
        Long.parseLong(Setting.AUDIT_ROW_LOSS_MIN_ROWS.defaultValue()));
  }

  static RunPolicy resolve(ConfigSources sources) {
    return new RunPolicy(
        Duration.ofDays(
            sources
                .value(Setting.RUN_TAG_RETENTION_DAYS)
                .map(v -> Quantities.atLeast(sources.origin(Setting.RUN_TAG_RETENTION_DAYS), v, 1))
                .orElse(Integer.parseInt(Setting.RUN_TAG_RETENTION_DAYS.defaultValue()))),
        fraction(sources, Setting.MAX_REJECT_RATIO),
        fraction(sources, Setting.AUDIT_MAX_ROW_LOSS),
        sources
            .value(Setting.AUDIT_ROW_LOSS_MIN_ROWS)
            .map(v -> Quantities.atLeast(sources.origin(Setting.AUDIT_ROW_LOSS_MIN_ROWS), v, 0))
            .orElse(Integer.parseInt(Setting.AUDIT_ROW_LOSS_MIN_ROWS.defaultValue())));
  }

  private static double fraction(ConfigSources sources, Setting setting) {
    return Quantities.fraction(
        sources.origin(setting), sources.value(setting).orElse(setting.defaultValue()));
  }

  public RunPolicy withMaxRejectRatio(double ratio) {
    return new RunPolicy(tagRetention, ratio, maxRowLoss, rowLossMinRows);
  }

  public RunPolicy withRowLoss(double maxLoss, long minRows) {
    return new RunPolicy(tagRetention, maxRejectRatio, maxLoss, minRows);
  }
}
