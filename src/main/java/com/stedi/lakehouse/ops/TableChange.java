package com.stedi.lakehouse.ops;

import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.pipeline.MergeResult;

/**
 * What a run did to one table.
 *
 * @param rowsRead source rows read: rows of new files for landing, new landing rows otherwise
 * @param snapshotId the commit the run made, or null when the table was left unchanged
 * @param sourceSnapshots input snapshot range consumed, e.g. {@code landing.customer:12..34}
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

  /** What a trusted or curated stage did, from its result. */
  public static TableChange of(MergeResult r, long millis) {
    return new TableChange(
        r.table(),
        r.rowsRead(),
        r.inserted(),
        r.updated(),
        r.deleted(),
        r.snapshotId(),
        r.sourceSnapshots(),
        millis);
  }
}
