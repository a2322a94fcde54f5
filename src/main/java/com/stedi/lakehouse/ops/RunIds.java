package com.stedi.lakehouse.ops;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * The ids of runs, rollbacks and maintenances, as {@code ops.runs} and snapshot summaries record
 * them: a prefix naming the kind, then the start in UTC to the second, so ids sort by time and read
 * as one, e.g. {@code run-20261123T010203Z-3f9a1c}.
 */
public final class RunIds {
  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private RunIds() {}

  /** The prefix and the start, e.g. {@code maintain-20261123T010203Z}. */
  public static String of(String prefix, Instant start) {
    return prefix + START.format(start);
  }

  /**
   * The prefix, the start and six random hex digits, e.g. {@code rollback-20261123T010203Z-3f9a1c}:
   * for writes two callers may start in the same second.
   */
  public static String unique(String prefix, Instant start) {
    return of(prefix, start) + "-" + UUID.randomUUID().toString().substring(0, 6);
  }
}
