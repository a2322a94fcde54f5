package com.stedi.lakehouse.pipeline;

import com.stedi.lakehouse.catalog.LakehouseTable;

/**
 * What one stage did to its table.
 *
 * @param rowsRead new landing rows the stage read
 * @param snapshotId the MERGE's snapshot, or null when there was nothing to change (no commit)
 * @param sourceSnapshots the input snapshot range consumed, e.g. {@code landing.customer:1..2}
 */
public record MergeResult(
    LakehouseTable table,
    long rowsRead,
    long inserted,
    long updated,
    long deleted,
    Long snapshotId,
    String sourceSnapshots) {

  public static MergeResult nothingNew(LakehouseTable table) {
    return new MergeResult(table, 0, 0, 0, 0, null, "");
  }

  public boolean changed() {
    return inserted + updated + deleted > 0;
  }

  MergeResult withSnapshot(Long id) {
    return new MergeResult(table, rowsRead, inserted, updated, deleted, id, sourceSnapshots);
  }
}
