package com.stedi.lakehouse.maintenance;

import com.stedi.lakehouse.catalog.LakehouseTable;
import java.time.Duration;
import java.util.List;

/**
 * One `stedi maintain`: the tables and the settings to apply to each.
 *
 * @param tables tables to maintain, in this order
 * @param expireOlderThan snapshots, and tags and branches other than main, older than this go
 * @param retainLast snapshots kept whatever their age
 * @param targetFileSizeBytes size compaction aims at
 * @param orphansOlderThan unreferenced files older than this are deleted
 * @param dryRun report what would be done and change nothing
 */
public record MaintenanceRequest(
    List<LakehouseTable> tables,
    Duration expireOlderThan,
    int retainLast,
    long targetFileSizeBytes,
    Duration orphansOlderThan,
    boolean dryRun) {

  public MaintenanceRequest {
    tables = List.copyOf(tables);
  }
}
