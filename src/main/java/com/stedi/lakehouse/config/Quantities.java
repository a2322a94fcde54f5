package com.stedi.lakehouse.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations ({@code 7d}, {@code 12h}, {@code 30m}, {@code 0}), sizes ({@code 128MB}) and switches
 * ({@code true}, {@code false}) as typed.
 */
public final class Quantities {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([dhms]?)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?");

  private Quantities() {}

  /** {@code true} or {@code false}, in any case. */
  public static boolean bool(String name, String text) {
    String value = text.strip();
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new SetupException("Cannot read " + name + ": '" + value + "' is not true or false");
  }

  /** A duration in days, hours, minutes or seconds; a bare number is days. */
  public static Duration duration(String name, String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new SetupException(
          "Cannot read " + name + ": '" + text + "' is not a duration such as 7d, 12h, 30m or 0");
    }
    long amount = parse(name, text, m.group(1));
    return switch (m.group(2)) {
      case "h" -> Duration.ofHours(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "s" -> Duration.ofSeconds(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** A size in bytes, KB, MB or GB (powers of 1024). */
  public static long bytes(String name, String text) {
    Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
    if (!m.matches() || parse(name, text, m.group(1)) == 0 || m.group(1).length() > 12) {
      throw new SetupException(
          "Cannot read " + name + ": '" + text + "' is not a size such as 128MB, 512KB or 1GB");
    }
    long amount = parse(name, text, m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    return switch (unit) {
      case "KB" -> amount << 10;
      case "MB" -> amount << 20;
      case "GB" -> amount << 30;
      default -> amount;
    };
  }

  private static long parse(String name, String text, String digits) {
    if (digits.length() > 12) {
      throw new SetupException("Cannot read " + name + ": '" + text + "' is too large");
    }
    return Long.parseLong(digits);
  }

  /** A whole number of at least {@code min}. */
  public static int atLeast(String name, String text, int min) {
    try {
      int parsed = Integer.parseInt(text.trim());
      if (parsed >= min) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SetupException(
        "Cannot read " + name + ": '" + text + "' is not a whole number of at least " + min);
  }

  /** A number from 0 to 1, e.g. {@code 0.05}. */
  public static double fraction(String name, String text) {
    try {
      double parsed = Double.parseDouble(text.trim());
      if (parsed >= 0 && parsed <= 1) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SetupException(
        "Cannot read " + name + ": '" + text + "' is not a number from 0 to 1");
  }
}
