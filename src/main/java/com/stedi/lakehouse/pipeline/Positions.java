package com.stedi.lakehouse.pipeline;

import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The snapshot of each input table that a stage has consumed. It is written into the summary of the
 * stage's own commit, so data and position are published together: a crash anywhere loses or
 * repeats nothing. {@link #NO_SNAPSHOT} stands for an input that had never been written.
 */
public record Positions(Map<LakehouseTable, Long> snapshots) {
  public static final String PROPERTY_PREFIX = "stedi.position.";
  public static final long NO_SNAPSHOT = -1L;

  public Positions {
    snapshots = Map.copyOf(snapshots);
  }

  /**
   * True when what an append-only table gained after snapshot {@code from} up to {@code to} can be
   * read incrementally: {@code from} is still in the table's metadata and an ancestor of {@code
   * to}. Once maintenance expires it, or the history between them, Iceberg refuses the read.
   */
  public static boolean appendsReadable(Table table, long from, long to) {
    return table.snapshot(from) != null && SnapshotUtil.isAncestorOf(table, to, from);
  }

  /**
   * True when a table holds the same rows at snapshot {@code to} as at {@code from}: {@code from}
   * is {@code to} or an ancestor of it, and no snapshot in between added or removed a file (as a
   * stage that consumed its inputs without changing a row commits, {@code RunBranch}).
   */
  public static boolean rowsUnchanged(Table table, long from, long to) {
    if (from == to) {
      return true;
    }
    if (table.snapshot(from) == null || !SnapshotUtil.isAncestorOf(table, to, from)) {
      return false;
    }
    for (Snapshot snapshot : SnapshotUtil.ancestorsBetween(table, to, from)) {
      if (!addsOrRemovesNoFile(snapshot)) {
        return false;
      }
    }
    return true;
  }

  private static boolean addsOrRemovesNoFile(Snapshot snapshot) {
    return Stream.of(
            SnapshotSummary.ADDED_FILES_PROP,
            SnapshotSummary.DELETED_FILES_PROP,
            SnapshotSummary.ADDED_DELETE_FILES_PROP,
            SnapshotSummary.REMOVED_DELETE_FILES_PROP)
        .allMatch(key -> "0".equals(snapshot.summary().getOrDefault(key, "0")));
  }

  /**
   * The positions recorded by the latest commit of a stage that carries them; empty for a table
   * never written by a stage, from {@code current} (the head the stage writes) back. Commits
   * without positions (compaction, for one) are passed over.
   */
  public static Positions latest(Table table, Snapshot current) {
    Snapshot snapshot = latestSnapshot(table, current);
    return new Positions(snapshot == null ? Map.of() : parse(snapshot.summary()));
  }

  /** The latest snapshot that carries positions, from {@code current} back; null for none. */
  public static Snapshot latestSnapshot(Table table, Snapshot current) {
    if (current == null) {
      return null;
    }
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
      if (!parse(snapshot.summary()).isEmpty()) {
        return snapshot;
      }
    }
    return null;
  }

  public Long of(LakehouseTable input) {
    return snapshots.get(input);
  }

  /** Snapshot summary properties, e.g. {@code stedi.position.landing.customer=123}. */
  public Map<String, String> summaryProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    snapshots.forEach((t, id) -> props.put(PROPERTY_PREFIX + t.logicalName(), Long.toString(id)));
    return props;
  }

  /** The consumed range per input, e.g. {@code landing.customer:12..34}, for the run record. */
  public String describeRangeTo(Positions to) {
    return to.snapshots.keySet().stream()
        .sorted()
        .map(t -> t.logicalName() + ":" + describe(snapshots.get(t)) + ".." + describe(to.of(t)))
        .collect(Collectors.joining(","));
  }

  private static String describe(Long id) {
    return id == null || id == NO_SNAPSHOT ? "" : Long.toString(id);
  }

  private static Map<LakehouseTable, Long> parse(Map<String, String> summary) {
    Map<LakehouseTable, Long> found = new LinkedHashMap<>();
    summary.forEach(
        (key, value) -> {
          if (key.startsWith(PROPERTY_PREFIX)) {
            LakehouseTable input =
                LakehouseTable.bySqlName(key.substring(PROPERTY_PREFIX.length()));
            if (input != null) {
              found.put(input, Long.parseLong(value));
            }
          }
        });
    return found;
  }
}
