package com.stedi.lakehouse.maintenance;

import com.stedi.lakehouse.catalog.LakehouseTable;

/**
 * What `stedi maintain` did to one table (or, in a dry run, would do).
 *
 * @param before the table before
 * @param after the table after (in a dry run: as before, less the snapshots expiry would remove)
 * @param filesCompacted data files rewritten (or that would be)
 * @param filesWritten data files compaction wrote
 * @param snapshotsExpired snapshots expired (or that would be)
 * @param tagsRemoved tags removed (or that would be): past the window, or any in a purge
 * @param branchesRemoved branches other than main removed (or that would be), by the same rule
 * @param orphansRemoved unreferenced files deleted (or that would be)
 * @param millis time taken
 */
public record TableMaintenance(
    LakehouseTable table,
    TableState before,
    TableState after,
    long filesCompacted,
    long filesWritten,
    long snapshotsExpired,
    long tagsRemoved,
    long branchesRemoved,
    long orphansRemoved,
    long millis) {}
