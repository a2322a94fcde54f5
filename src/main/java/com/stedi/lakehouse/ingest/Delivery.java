package com.stedi.lakehouse.ingest;

import static com.stedi.lakehouse.ingest.CheckedLines.LANDING_TABLE;
import static com.stedi.lakehouse.ingest.CheckedLines.RAW_LINE;
import static com.stedi.lakehouse.ingest.CheckedLines.REASON;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * A night's new source files of every kind, read and checked once ({@link CheckedLines}) and held,
 * in memory then on disk, until landed and quarantined; close it after use.
 */
public final class Delivery implements AutoCloseable {
  private final Map<SourceKind, Integer> files;
  private final Dataset<Row> lines;
  private final List<FileLines> perFile;
  private final List<Row> refused;
  private final Column ingestedAt;
  private final String runId;

  /** Lines read and lines rejected of one file. */
  record FileLines(String landingTable, String file, long lines, long rejected) {
    double rejectedShare() {
      return lines == 0 ? 0 : (double) rejected / lines;
    }
  }

  private Delivery(
      Map<SourceKind, Integer> files,
      Dataset<Row> lines,
      List<FileLines> perFile,
      List<Row> refused,
      Instant ingestedAt,
      String runId) {
    this.files = files;
    this.lines = lines;
    this.perFile = perFile;
    this.refused = refused;
    this.ingestedAt = lit(Timestamp.from(ingestedAt));
    this.runId = runId;
  }

  /**
   * Holds the checked lines (null when no file is new) and counts each file's lines and rejects:
   * the one Spark action that reads the files.
   *
   * @param files how many new files of each kind the lines come from
   * @param refused the {@code landing.rejects} rows of the files the source refused
   */
  static Delivery hold(
      Map<SourceKind, Integer> files,
      Dataset<Row> lines,
      List<Row> refused,
      Instant ingestedAt,
      String runId) {
    if (lines == null) {
      return new Delivery(files, null, List.of(), refused, ingestedAt, runId);
    }
    lines.persist(StorageLevel.MEMORY_AND_DISK());
    List<FileLines> perFile =
        lines
            .groupBy(col(LANDING_TABLE), col("source_file"))
            .agg(count(lit(1)), count(col(REASON)))
            .collectAsList()
            .stream()
            .map(r -> new FileLines(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3)))
            .toList();
    return new Delivery(files, lines, perFile, refused, ingestedAt, runId);
  }

  /** New files of a kind. */
  int files(SourceKind kind) {
    return files.getOrDefault(kind, 0);
  }

  /** Non-blank lines of a kind's new files. */
  long lines(SourceKind kind) {
    return of(kind).mapToLong(FileLines::lines).sum();
  }

  /** Lines of a kind's new files that cannot land. */
  long rejected(SourceKind kind) {
    return of(kind).mapToLong(FileLines::rejected).sum();
  }

  /** Non-blank lines of every new file. */
  public long lines() {
    return perFile.stream().mapToLong(FileLines::lines).sum();
  }

  /** Lines of every new file that cannot land. */
  public long rejected() {
    return perFile.stream().mapToLong(FileLines::rejected).sum();
  }

  /** The run the delivery lands for; its rows and commits carry this id. */
  String runId() {
    return runId;
  }

  List<FileLines> perFile() {
    return perFile;
  }

  List<Row> refused() {
    return refused;
  }

  /** The good lines of a kind: their JSON fields, typed, and the lineage columns. */
  Dataset<Row> good(SourceKind kind) {
    return lines
        .where(col(LANDING_TABLE).equalTo(logicalName(kind)).and(col(REASON).isNull()))
        .select(
            col(CheckedLines.fieldsColumn(kind) + ".*"),
            col("source_file"),
            col("source_checksum"),
            ingestedAt.as("ingested_at"),
            lit(runId).as("run_id"));
  }

  /** The rejected lines, as rows of {@code landing.rejects}. */
  Dataset<Row> rejects() {
    return lines
        .where(col(REASON).isNotNull())
        .select(
            col(LANDING_TABLE),
            col("source_file"),
            col("source_checksum"),
            col("line_number"),
            col(RAW_LINE),
            col(REASON),
            ingestedAt.as("rejected_at"),
            lit(runId).as("run_id"));
  }

  /** Where a file's first rejected line is and why, e.g. {@code line 2, x is not a number}. */
  String firstReason(FileLines file) {
    Row first =
        lines
            .where(col("source_file").equalTo(file.file()).and(col(REASON).isNotNull()))
            .orderBy(col("line_number"))
            .select(col("line_number"), col(REASON))
            .first();
    return "line " + first.getLong(0) + ", " + first.getString(1);
  }

  @Override
  public void close() {
    if (lines != null) {
      lines.unpersist();
    }
  }

  private Stream<FileLines> of(SourceKind kind) {
    return perFile.stream().filter(f -> f.landingTable().equals(logicalName(kind)));
  }

  private static String logicalName(SourceKind kind) {
    return kind.landingTable().logicalName();
  }
}
