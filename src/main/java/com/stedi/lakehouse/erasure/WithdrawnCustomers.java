package com.stedi.lakehouse.erasure;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a purge achieved for the customers who withdrew consent.
 *
 * @param erased withdrawn customers nothing in trusted, curated or ops holds any more
 * @param held withdrawn customers still held somewhere there
 * @param heldBy the held ones counted by the first place holding each, e.g. {@code trusted.customer
 *     snapshot}: the reason they are held
 * @param notChecked why nothing was counted, or null when the check ran
 */
public record WithdrawnCustomers(
    long erased, long held, Map<String, Long> heldBy, String notChecked) {

  public WithdrawnCustomers(long erased, long held, Map<String, Long> heldBy) {
    this(erased, held, heldBy, null);
  }

  /** The check could not run, for this reason. */
  static WithdrawnCustomers notChecked(String reason) {
    return new WithdrawnCustomers(0, 0, Map.of(), reason);
  }

  /** One line: {@code withdrawn customers: 2 erased, 1 still held (trusted.customer live: 1)}. */
  public String summary() {
    if (notChecked != null) {
      return "withdrawn customers: not checked (" + notChecked + ")";
    }
    String line = "withdrawn customers: " + erased + " erased, " + held + " still held";
    if (heldBy.isEmpty()) {
      return line;
    }
    return heldBy.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", ", line + " (", ")"));
  }
}
