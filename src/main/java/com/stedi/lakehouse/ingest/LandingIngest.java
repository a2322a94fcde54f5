package com.stedi.lakehouse.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.SetupException;
import com.stedi.lakehouse.sql.SqlScript;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

/**
 * Appends the new files of one source kind to its landing table, in one append commit.
 *
 * <p>A file is new unless its landing table already holds rows with its path and checksum, so a
 * rerun over the same files appends nothing; a file whose content changed under the same path is a
 * new delivery. Files known by path, size and modification time ({@link SourceFileLedger}) are not
 * read again. Rows keep the raw values plus lineage (source_file, source_checksum, ingested_at,
 * run_id). Landing tables are append-only: later stages read them incrementally.
 */
public final class LandingIngest {
  private static final String RAW_VIEW = "stedi_landing_raw";

  private final SparkSession spark;
  private final SourceFileLedger ledger;

  public LandingIngest(SparkSession spark) {
    this.spark = spark;
    this.ledger = new SourceFileLedger(spark);
  }

  /**
   * What one ingest did.
   *
   * @param files new files read
   * @param rows rows appended
   * @param snapshotId the append's snapshot, or null when nothing was appended
   */
  public record Result(LakehouseTable table, int files, long rows, Long snapshotId) {}

  public Result ingest(SourceFolder source, SourceKind kind, String runId, Instant ingestedAt) {
    LakehouseTable table = kind.landingTable();
    List<SourceFile> unknown = ledger.unknown(table, source.files(kind));
    if (unknown.isEmpty()) {
      return new Result(table, 0, 0, null);
    }
    Map<SourceFile, String> checksums = new LinkedHashMap<>();
    unknown.forEach(f -> checksums.put(f, source.checksum(f)));
    Set<String> taken = ledger.inLanding(table, checksums);
    Map<SourceFile, String> pending = new LinkedHashMap<>(checksums);
    pending.keySet().removeIf(f -> taken.contains(f.relativePath()));
    Result result =
        pending.isEmpty()
            ? new Result(table, 0, 0, null)
            : append(source, kind, pending, runId, ingestedAt);
    ledger.record(table, checksums, runId);
    return result;
  }

  /**
   * Writes down, in one commit, the files the ingests so far took or found already in landing, so
   * later runs recognise them without reading them. Call after the landing commits.
   */
  public void recordTakenFiles(String runId) {
    ledger.flush(runId);
  }

  private Result append(
      SourceFolder source,
      SourceKind kind,
      Map<SourceFile, String> files,
      String runId,
      Instant ingestedAt) {
    LakehouseTable table = kind.landingTable();
    spark.sparkContext().setJobDescription("ingest " + files.size() + " files into " + table);
    Dataset<Row> raw = read(source, kind, files, runId, ingestedAt).persist();
    try {
      failOnCorruptLines(raw);
      raw.createOrReplaceTempView(RAW_VIEW);
      Dataset<Row> rows =
          spark.sql(SqlScript.render(SqlScript.load(table.sqlResource()), Map.of("raw", RAW_VIEW)));
      long count = rows.count();
      if (count == 0) {
        return new Result(table, files.size(), 0, null);
      }
      rows.writeTo(table.sqlName())
          .option("snapshot-property." + IcebergTables.RUN_ID_PROPERTY, runId)
          .append();
      return new Result(table, files.size(), count, IcebergTables.currentSnapshotId(spark, table));
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("Cannot ingest into " + table + ": table is missing", e);
    } finally {
      raw.unpersist();
    }
  }

  private Dataset<Row> read(
      SourceFolder source,
      SourceKind kind,
      Map<SourceFile, String> files,
      String runId,
      Instant ingestedAt) {
    return SourceLines.read(spark, source.io(), files)
        .select(
            col("source_file"),
            col("source_checksum"),
            from_json(
                    col("line"),
                    kind.readSchema(),
                    Map.of(
                        "mode",
                        "PERMISSIVE",
                        "columnNameOfCorruptRecord",
                        SourceKind.CORRUPT_RECORD))
                .as("json"))
        .select(col("json.*"), col("source_file"), col("source_checksum"))
        .withColumn("ingested_at", lit(Timestamp.from(ingestedAt)))
        .withColumn("run_id", lit(runId));
  }

  private void failOnCorruptLines(Dataset<Row> raw) {
    Dataset<Row> corrupt = raw.filter(col(SourceKind.CORRUPT_RECORD).isNotNull());
    long count = corrupt.count();
    if (count > 0) {
      Row first = corrupt.select("source_file", SourceKind.CORRUPT_RECORD).first();
      throw new SetupException(
          String.format(
              "Cannot ingest %s: %d line(s) are not JSON records of the expected fields"
                  + " (first: %s); nothing was ingested",
              first.getString(0), count, abbreviate(first.getString(1))));
    }
  }

  private static String abbreviate(String line) {
    String oneLine = line.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
  }
}
