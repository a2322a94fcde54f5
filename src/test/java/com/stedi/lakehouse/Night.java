package com.stedi.lakehouse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One delivery of source files, built before it is written: {@code Night.number("1")} names its
 * files c1.json, a1.json and s1.json under customer/, accelerometer/ and step_trainer/ landing, as
 * the hand-written nights always did. {@link LakehouseTestBase#deliver(Night)} writes it to the
 * local source; a test with another store writes {@link #files()} there.
 */
public final class Night {
  private final String number;
  private final Map<String, List<String>> files = new LinkedHashMap<>();

  private Night(String number) {
    this.number = number;
  }

  /** A night whose files are named c, a and s followed by {@code number}, e.g. "1" or "". */
  public static Night number(String number) {
    return new Night(number);
  }

  /** Customer records, in the night's customer file. */
  public Night customers(String... lines) {
    return file("customer", "c" + number + ".json", lines);
  }

  /** Accelerometer readings, in the night's accelerometer file. */
  public Night readings(String... lines) {
    return file("accelerometer", "a" + number + ".json", lines);
  }

  /** Step trainer readings, in the night's step trainer file. */
  public Night steps(String... lines) {
    return file("step_trainer", "s" + number + ".json", lines);
  }

  /** Lines in a file of another name; a second call for one file appends to it. */
  public Night file(String kind, String fileName, String... lines) {
    files
        .computeIfAbsent(kind + "/landing/" + fileName, k -> new ArrayList<>())
        .addAll(Arrays.asList(lines));
    return this;
  }

  /** The night's files in the order given, by path under the source root. */
  public Map<String, List<String>> files() {
    return files;
  }
}
