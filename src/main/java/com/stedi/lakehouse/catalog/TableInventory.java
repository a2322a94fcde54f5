package com.stedi.lakehouse.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.sql.SparkSession;

/**
 * What `stedi tables` shows: every table of the lakehouse with its location, format version,
 * current snapshot, rows, data and delete files, and the run that last changed it. Read from table
 * metadata and manifests only, so it starts no Spark job.
 */
public final class TableInventory {
  private TableInventory() {}

  /** One table at its main head. */
  public record Entry(
      String table,
      String location,
      int formatVersion,
      Long currentSnapshotId,
      long rows,
      long dataFiles,
      long dataBytes,
      long deleteFiles,
      long deleteBytes,
      String lastRunId) {}

  /** Every table, in dependency order. */
  public static List<Entry> list(SparkSession spark) {
    List<Entry> entries = new ArrayList<>();
    for (LakehouseTable t : LakehouseTable.values()) {
      entries.add(entry(t.logicalName(), IcebergTables.load(spark, t)));
    }
    return entries;
  }

  static Entry entry(String name, Table table) {
    Snapshot current = table.currentSnapshot();
    long[] data = new long[2];
    Map<String, Long> deletes = new HashMap<>();
    if (current != null) {
      try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
        for (FileScanTask task : tasks) {
          data[0]++;
          data[1] += task.file().fileSizeInBytes();
          for (DeleteFile delete : task.deletes()) {
            // A delete file applies to many data files: count it once.
            deletes.put(delete.location(), delete.fileSizeInBytes());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list the files of " + name, e);
      }
    }
    return new Entry(
        name,
        table.location(),
        ((HasTableOperations) table).operations().current().formatVersion(),
        current == null ? null : current.snapshotId(),
        IcebergTables.liveRows(current),
        data[0],
        data[1],
        deletes.size(),
        deletes.values().stream().mapToLong(Long::longValue).sum(),
        current == null ? null : current.summary().get(IcebergTables.RUN_ID_PROPERTY));
  }
}
