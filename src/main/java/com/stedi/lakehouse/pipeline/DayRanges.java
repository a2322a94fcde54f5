package com.stedi.lakehouse.pipeline;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The UTC days a timestamp column of some rows falls on, as runs of consecutive days: a condition
 * Iceberg turns into partition pruning for tables partitioned by {@code days(column)}.
 */
public final class DayRanges {
  /** A run of days, first to last inclusive. */
  private record Range(LocalDate first, LocalDate last) {}

  private final List<Range> ranges;

  private DayRanges(List<Range> ranges) {
    this.ranges = ranges;
  }

  /** These days, in any order. */
  public static DayRanges of(Collection<LocalDate> unordered) {
    List<LocalDate> days = unordered.stream().distinct().sorted().toList();
    List<Range> ranges = new ArrayList<>();
    for (LocalDate day : days) {
      Range last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
      if (last != null && last.last().plusDays(1).equals(day)) {
        ranges.set(ranges.size() - 1, new Range(last.first(), day));
      } else {
        ranges.add(new Range(day, day));
      }
    }
    return new DayRanges(ranges);
  }

  /** SQL: {@code column} falls on one of the days; {@code false} when there are none. */
  public String condition(String column) {
    if (ranges.isEmpty()) {
      return "false";
    }
    return ranges.stream()
        .map(
            r ->
                String.format(
                    "(%s >= timestamp_millis(%d) and %s < timestamp_millis(%d))",
                    column, epochMillis(r.first()), column, epochMillis(r.last().plusDays(1))))
        .collect(Collectors.joining(" or ", "(", ")"));
  }

  private static long epochMillis(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }
}
