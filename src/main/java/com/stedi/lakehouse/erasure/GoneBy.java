package com.stedi.lakehouse.erasure;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * When a holding will be gone: at the next nightly run, by the end of a UTC day (the day of the
 * first nightly `stedi maintain` after the holding leaves its retention window), or never while
 * things stay as they are. Ordered from soonest to latest, so a group of holdings is gone by its
 * latest.
 */
public record GoneBy(int order, String text) implements Comparable<GoneBy> {
  /** A withdrawn customer's live rows: the next `stedi run` deletes them. */
  public static final GoneBy NEXT_RUN = new GoneBy(0, "next run");

  public static final GoneBy LANDING =
      new GoneBy(2, "never (landing keeps raw deliveries by design)");

  public static final GoneBy CONSENT_IN_FORCE = new GoneBy(2, "kept while consent is in force");

  public static final GoneBy SHARED_DEVICE =
      new GoneBy(2, "kept while a consenting customer shares the device");

  public static final GoneBy OPS = new GoneBy(2, "never (run records are kept; edit by hand)");

  private static final Duration NIGHTLY = Duration.ofDays(1);

  /**
   * Gone by the first nightly `stedi maintain` after {@code eligible}: by the end of the UTC day of
   * {@code eligible} plus one day.
   */
  public static GoneBy maintainAfter(Instant eligible) {
    return new GoneBy(1, eligible.plus(NIGHTLY).atZone(ZoneOffset.UTC).toLocalDate().toString());
  }

  @JsonValue
  public String text() {
    return text;
  }

  @Override
  public int compareTo(GoneBy other) {
    return order != other.order ? Integer.compare(order, other.order) : text.compareTo(other.text);
  }

  public static GoneBy latest(GoneBy a, GoneBy b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public String toString() {
    return text;
  }
}
