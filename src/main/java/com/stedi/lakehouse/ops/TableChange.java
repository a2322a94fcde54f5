package com.stedi.lakehouse.ops;

import com.stedi.lakehouse.catalog.LakehouseTable;

/**
 * What a run did to one table.
 *
 * @param rowsRead source rows read: rows of new files for landing, new landing rows otherwise
 * @param snapshotId the commit the run made, or null when the table was left unchanged
 * @param sourceSnapshots input snapshot range consumed, e.g. {@code landing.customer:12..34}
 * @param millis how long the table's step took
 */
public record TableChange(
    LakehouseTable table,
    long rowsRead,
    long inserted,
    long updated,
    long deleted,
    Long snapshotId,
    String sourceSnapshots,
    long millis) {

  /** True when the table gained, changed or lost rows. */
  public boolean changed() {
    return inserted + updated + deleted > 0;
  }

  /** The same change, committed as the given snapshot. */
  public TableChange withSnapshot(Long id) {
    return new TableChange(
        table, rowsRead, inserted, updated, deleted, id, sourceSnapshots, millis);
  }

  /** The same change, having taken the given time. */
  public TableChange withMillis(long took) {
    return new TableChange(
        table, rowsRead, inserted, updated, deleted, snapshotId, sourceSnapshots, took);
  }
}
