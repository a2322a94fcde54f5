package com.stedi.lakehouse.maintenance;

import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * What a table's current snapshot holds and how many snapshots it keeps, from Iceberg's snapshot
 * summary totals.
 *
 * @param dataFiles data files of the current snapshot
 * @param deleteFiles delete files of the current snapshot (readers merge them into every scan)
 * @param bytes size of those data and delete files
 * @param snapshots snapshots in the table's metadata, current included
 */
public record TableState(long dataFiles, long deleteFiles, long bytes, int snapshots) {

  static TableState of(Table table) {
    Snapshot current = table.currentSnapshot();
    int snapshots = 0;
    for (Snapshot ignored : table.snapshots()) {
      snapshots++;
    }
    if (current == null) {
      return new TableState(0, 0, 0, snapshots);
    }
    Map<String, String> summary = current.summary();
    return new TableState(
        total(summary, "total-data-files"),
        total(summary, "total-delete-files"),
        total(summary, "total-files-size"),
        snapshots);
  }

  private static long total(Map<String, String> summary, String key) {
    String value = summary.get(key);
    return value == null ? 0 : Long.parseLong(value);
  }
}
