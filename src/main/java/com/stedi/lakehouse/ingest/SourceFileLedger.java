package com.stedi.lakehouse.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.MetadataRows;
import com.stedi.lakehouse.catalog.Namespaces;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.expressions.Expressions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Which source files a landing table has taken.
 *
 * <p>The landing rows are the proof: a file is taken when its landing table holds rows with its
 * path and checksum, committed atomically with the rows. {@code ops.source_files}, written after
 * that commit, lets a run recognise a file by path, size and modification time without reading its
 * bytes, and by path and checksum without scanning landing. Only a run that died between the two
 * commits leaves rows in landing that the ledger does not name; the next run finds them by reading
 * the rows of the landing snapshots whose run the ledger does not name, and records the file.
 */
final class SourceFileLedger {
  private final SparkSession spark;
  private final List<Row> pending = new ArrayList<>();
  private final Map<LakehouseTable, Recorded> recorded = new HashMap<>();

  SourceFileLedger(SparkSession spark) {
    this.spark = spark;
  }

  /** What {@code ops.source_files} holds for one landing table. */
  private record Recorded(Set<String> listingKeys, Set<String> contents, Set<String> runs) {}

  /** The files of {@code listed} this ledger does not recognise by path, size and time. */
  List<SourceFile> unknown(LakehouseTable landing, List<SourceFile> listed) {
    Set<String> known = recorded(landing).listingKeys();
    return listed.stream().filter(f -> !known.contains(f.listingKey())).toList();
  }

  /** The checksums of {@code files} (path to checksum) that landing already holds rows of. */
  Set<String> inLanding(LakehouseTable landing, Map<SourceFile, String> checksums) {
    Set<String> recordedContents = recorded(landing).contents();
    Set<String> taken = new HashSet<>();
    Map<String, String> toLookUp = new HashMap<>();
    checksums.forEach(
        (file, sum) -> {
          if (recordedContents.contains(content(file.relativePath(), sum))) {
            taken.add(file.relativePath());
          } else {
            toLookUp.put(file.relativePath(), sum);
          }
        });
    Column unrecorded = toLookUp.isEmpty() ? null : unrecordedRows(landing);
    if (unrecorded == null) {
      return taken;
    }
    spark
        .table(Namespaces.of(spark).name(landing))
        .where(unrecorded.and(col("source_file").isin(toLookUp.keySet().toArray())))
        .select("source_file", "source_checksum")
        .distinct()
        .collectAsList()
        .forEach(
            r -> {
              if (r.getString(1).equals(toLookUp.get(r.getString(0)))) {
                taken.add(r.getString(0));
              }
            });
    return taken;
  }

  /**
   * A condition that keeps the landing rows of every append whose run the ledger does not name (all
   * rows when an append carries no run id), or null when there are none. Why: the rows of runs the
   * ledger names are all recorded, and a night's lookup should not scan the whole history. An
   * unrecorded append whose snapshot maintenance has already expired is missed: its file lands
   * again, and the stages, which drop duplicate readings, keep trusted and curated unchanged.
   */
  private Column unrecordedRows(LakehouseTable landing) {
    Set<String> recordedRuns = recorded(landing).runs();
    Set<String> runs = new HashSet<>();
    for (Snapshot snapshot : IcebergTables.load(spark, landing).snapshots()) {
      if (DataOperations.APPEND.equals(snapshot.operation())) {
        String run = snapshot.summary().get(IcebergTables.RUN_ID_PROPERTY);
        if (run == null) {
          return lit(true);
        }
        if (!recordedRuns.contains(run)) {
          runs.add(run);
        }
      }
    }
    return runs.isEmpty() ? null : col("run_id").isin(runs.toArray());
  }

  private Recorded recorded(LakehouseTable landing) {
    return recorded.computeIfAbsent(landing, this::readRecorded);
  }

  /** Read through Iceberg's Java API: a Spark query would cost a Spark job every night. */
  private Recorded readRecorded(LakehouseTable landing) {
    Recorded found = new Recorded(new HashSet<>(), new HashSet<>(), new HashSet<>());
    MetadataRows.read(
            spark,
            LakehouseTable.OPS_SOURCE_FILES,
            Expressions.equal("landing_table", landing.logicalName()),
            "landing_table",
            "source_file",
            "size_bytes",
            "modified_at",
            "source_checksum",
            "run_id")
        .forEach(
            r -> {
              String file = (String) r.getField("source_file");
              found
                  .listingKeys()
                  .add(
                      SourceFile.listingKey(
                          file,
                          (Long) r.getField("size_bytes"),
                          MetadataRows.instant(r.getField("modified_at"))));
              found.contents().add(content(file, (String) r.getField("source_checksum")));
              found.runs().add((String) r.getField("run_id"));
            });
    return found;
  }

  private static String content(String relativePath, String checksum) {
    return relativePath + '\u0000' + checksum;
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
    MetadataRows.append(spark, LakehouseTable.OPS_SOURCE_FILES, pending, runId);
    pending.clear();
    recorded.clear();
  }
}
