package com.stedi.lakehouse.ops;

import com.stedi.lakehouse.catalog.LakehouseTable;

/**
 * What a run did to one table.
 *
 * @param snapshotId the commit the run made, or null when the table was left unchanged
 */
public record TableChange(
    LakehouseTable table,
    long inserted,
    long updated,
    long deleted,
    Long snapshotId,
    long millis) {}
