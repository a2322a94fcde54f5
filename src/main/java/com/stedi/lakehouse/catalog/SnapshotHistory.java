package com.stedi.lakehouse.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.SparkSession;

/**
 * What `stedi history TABLE` shows: every snapshot the table still holds, in commit order, with the
 * operation, the run that made it, the rows it added and deleted, and the tags on it.
 */
public final class SnapshotHistory {
  private SnapshotHistory() {}

  /**
   * One snapshot; {@code committedAt} is ISO-8601 in UTC. {@code onMain} is false for snapshots off
   * the main branch's history: a failed run's audit branch, or what a rollback by pointer left
   * behind.
   */
  public record Entry(
      long snapshotId,
      Long parentId,
      String committedAt,
      String operation,
      String runId,
      long rowsAdded,
      long rowsDeleted,
      List<String> tags,
      boolean onMain) {}

  public static List<Entry> of(SparkSession spark, LakehouseTable lakehouseTable) {
    Table table = IcebergTables.load(spark, lakehouseTable);
    Map<Long, List<String>> tags = new TreeMap<>();
    table.refs().entrySet().stream()
        .filter(e -> e.getValue().isTag())
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                tags.computeIfAbsent(e.getValue().snapshotId(), id -> new ArrayList<>())
                    .add(e.getKey()));
    Set<Long> main = new HashSet<>();
    if (table.currentSnapshot() != null) {
      SnapshotUtil.ancestorIds(table.currentSnapshot(), table::snapshot).forEach(main::add);
    }
    List<Entry> entries = new ArrayList<>();
    List<Snapshot> snapshots = new ArrayList<>();
    table.snapshots().forEach(snapshots::add);
    snapshots.sort(
        Comparator.comparingLong(Snapshot::sequenceNumber)
            .thenComparingLong(Snapshot::timestampMillis));
    for (Snapshot s : snapshots) {
      entries.add(
          new Entry(
              s.snapshotId(),
              s.parentId(),
              Instant.ofEpochMilli(s.timestampMillis()).toString(),
              s.operation(),
              s.summary().get(IcebergTables.RUN_ID_PROPERTY),
              count(s, "added-records"),
              count(s, "deleted-records")
                  + count(s, "added-position-deletes")
                  + count(s, "added-equality-deletes"),
              tags.getOrDefault(s.snapshotId(), List.of()),
              main.contains(s.snapshotId())));
    }
    return entries;
  }

  private static long count(Snapshot snapshot, String key) {
    String value = snapshot.summary().get(key);
    return value == null ? 0 : Long.parseLong(value);
  }
}
