package com.stedi.lakehouse.transform;

import com.stedi.lakehouse.catalog.LakehouseTable;

/**
 * What one MERGE did to its table.
 *
 * @param snapshotId the MERGE's snapshot, or null when there was nothing to change (no commit)
 */
public record MergeResult(
    LakehouseTable table, long inserted, long updated, long deleted, Long snapshotId) {

  public static MergeResult unchanged(LakehouseTable table) {
    return new MergeResult(table, 0, 0, 0, null);
  }

  public boolean changed() {
    return inserted + updated + deleted > 0;
  }
}
