package com.stedi.lakehouse.ingest;

import static org.apache.spark.sql.functions.col;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Which source files a landing table has taken.
 *
 * <p>The landing rows are the proof: a file is taken when its landing table holds rows with its
 * path and checksum, committed atomically with the rows. {@code ops.source_files}, written after
 * that commit, lets a run recognise a file by path, size and modification time without reading its
 * bytes or scanning landing; a run that dies between the two commits only costs the next run a
 * checksum and a lookup, which then records the file.
 */
final class SourceFileLedger {
  private final SparkSession spark;
  private final List<Row> pending = new ArrayList<>();

  SourceFileLedger(SparkSession spark) {
    this.spark = spark;
  }

  /** The files of {@code listed} this ledger does not recognise by path, size and time. */
  List<SourceFile> unknown(LakehouseTable landing, List<SourceFile> listed) {
    Set<String> known = new HashSet<>();
    spark
        .table(LakehouseTable.OPS_SOURCE_FILES.sqlName())
        .where(col("landing_table").equalTo(landing.logicalName()))
        .select("source_file", "size_bytes", "modified_at")
        .collectAsList()
        .forEach(
            r ->
                known.add(
                    SourceFile.listingKey(
                        r.getString(0), r.getLong(1), r.getTimestamp(2).toInstant())));
    return listed.stream().filter(f -> !known.contains(f.listingKey())).toList();
  }

  /** The checksums of {@code files} (path to checksum) that landing already holds rows of. */
  Set<String> inLanding(LakehouseTable landing, Map<SourceFile, String> checksums) {
    Map<String, String> byPath = new HashMap<>();
    checksums.forEach((f, sum) -> byPath.put(f.relativePath(), sum));
    Set<String> taken = new HashSet<>();
    spark
        .table(landing.sqlName())
        .where(col("source_file").isin(byPath.keySet().toArray()))
        .select("source_file", "source_checksum")
        .distinct()
        .collectAsList()
        .forEach(
            r -> {
              if (r.getString(1).equals(byPath.get(r.getString(0)))) {
                taken.add(r.getString(0));
              }
            });
    return taken;
  }

  /**
   * Notes files whose rows landing now holds (or that held no rows at all), to be written by {@link
   * #flush} in one commit.
   */
  void record(LakehouseTable landing, Map<SourceFile, String> checksums, String runId) {
    checksums.forEach(
        (file, checksum) ->
            pending.add(
                RowFactory.create(
                    file.relativePath(),
                    checksum,
                    file.size(),
                    Timestamp.from(file.modifiedAt()),
                    landing.logicalName(),
                    runId)));
  }

  /** Appends the noted files to {@code ops.source_files}; nothing when there are none. */
  void flush(String runId) {
    if (pending.isEmpty()) {
      return;
    }
    IcebergTables.append(spark, LakehouseTable.OPS_SOURCE_FILES, pending, runId);
    pending.clear();
  }
}
