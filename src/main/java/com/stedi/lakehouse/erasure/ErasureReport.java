package com.stedi.lakehouse.erasure;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What `stedi erasure-check` found for one subject. Its JSON form (field for field) is the
 * documented output of {@code --format json}.
 *
 * @param subject the subject's pseudonym, e.g. {@code customer#3fa2c1d9}: the one audit failures
 *     and other messages give them ({@link com.stedi.lakehouse.audit.Pseudonyms#customer})
 * @param erased true when nothing in trusted, curated or ops holds them (landing may)
 * @param settings the maintenance settings the dates derive from
 * @param holdings every place holding them, table by table in run order
 */
public record ErasureReport(
    String subject, boolean erased, Map<String, String> settings, List<Holding> holdings) {

  /**
   * The holdings as short lines, one per table and kind (one per ref): table, where, what, and the
   * latest date by which the group will be gone.
   */
  @JsonIgnore
  public List<List<String>> summary() {
    Map<String, List<Holding>> groups = new LinkedHashMap<>();
    for (Holding h : holdings) {
      boolean isRef = h.kind().equals("tag") || h.kind().equals("branch");
      String where = isRef ? h.kind() + " " + h.name() : where(h.kind());
      groups.computeIfAbsent(h.table() + "\n" + where, k -> new ArrayList<>()).add(h);
    }
    List<List<String>> lines = new ArrayList<>();
    for (Map.Entry<String, List<Holding>> group : groups.entrySet()) {
      String[] key = group.getKey().split("\n");
      List<Holding> members = group.getValue();
      GoneBy goneBy = members.stream().map(Holding::goneBy).reduce(GoneBy::latest).orElseThrow();
      lines.add(List.of(key[0], key[1], what(members), goneBy.text()));
    }
    return lines;
  }

  private static String where(String kind) {
    return switch (kind) {
      case "live" -> "main";
      case "snapshot" -> "snapshots";
      case "data_file", "delete_file" -> "files";
      default -> "unreferenced files";
    };
  }

  private static String what(List<Holding> members) {
    Holding first = members.get(0);
    long maxRows = members.stream().mapToLong(Holding::rows).max().orElse(0);
    return switch (first.kind()) {
      case "live", "tag", "branch" -> rows(first.rows());
      case "snapshot" -> count(members.size(), "snapshot") + ", up to " + rows(maxRows);
      default -> count(members.size(), "file") + ", up to " + rows(maxRows) + " each";
    };
  }

  private static String rows(long n) {
    return count(n, "row");
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
