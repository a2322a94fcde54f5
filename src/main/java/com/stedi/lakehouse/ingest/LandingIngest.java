package com.stedi.lakehouse.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.sql.SqlScript;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.storage.StorageLevel;

/**
 * Takes the new source files into landing: each line either lands in its kind's landing table or is
 * quarantined in {@code landing.rejects} with the reason (see {@link SourceField}).
 *
 * <p>A run first {@linkplain #read reads} every kind, then {@linkplain #quarantine quarantines} the
 * rejected lines of all of them (one MERGE, so a rerun adds no duplicate) and checks each file's
 * rejected share against the run's limit, and only then {@linkplain #land lands} the good lines:
 * one append commit per landing table. A file over the limit fails the run before any landing
 * commit.
 *
 * <p>A file is new unless its landing table already holds rows with its path and checksum, so a
 * rerun over the same files appends nothing; a file whose content changed under the same path is a
 * new delivery. Files known by path, size and modification time ({@link SourceFileLedger}) are not
 * read again. Rows keep the raw values plus lineage (source_file, source_checksum, ingested_at,
 * run_id). Landing tables are append-only: later stages read them incrementally.
 *
 * <p>Files the source refused ({@link RefusedFile}) are never read: each is quarantined once, as
 * line 0 without text, and does not count toward a file's rejected share.
 */
public final class LandingIngest {
  private static final String RAW_VIEW = "stedi_landing_raw";
  private static final String REJECTS_VIEW = "stedi_landing_rejects";
  private static final String REASON = "reject_reason";

  private final SparkSession spark;
  private final SourceFileLedger ledger;
  private final int maxLineBytes;

  /**
   * @param maxLineBytes a longer line is quarantined without its text
   */
  public LandingIngest(SparkSession spark, long maxLineBytes) {
    this.spark = spark;
    this.ledger = new SourceFileLedger(spark);
    this.maxLineBytes = Math.toIntExact(maxLineBytes);
  }

  /**
   * What one ingest did.
   *
   * @param files new files read
   * @param lines non-blank lines read
   * @param rows rows appended
   * @param rejected lines quarantined
   * @param snapshotId the append's snapshot, or null when nothing was appended
   */
  public record Result(
      LakehouseTable table, int files, long lines, long rows, long rejected, Long snapshotId) {}

  /**
   * The new files of one kind, read and checked but not yet written; {@link #release} it after use.
   */
  public static final class Delivery {
    private final SourceKind kind;
    private final int files;
    private final Dataset<Row> lines;
    private final List<FileLines> perFile;
    private final List<Row> refused;

    private Delivery(
        SourceKind kind,
        int files,
        Dataset<Row> lines,
        List<FileLines> perFile,
        List<Row> refused) {
      this.kind = kind;
      this.files = files;
      this.lines = lines;
      this.perFile = perFile;
      this.refused = refused;
    }

    public SourceKind kind() {
      return kind;
    }

    public long rejected() {
      return perFile.stream().mapToLong(FileLines::rejected).sum();
    }

    long lineCount() {
      return perFile.stream().mapToLong(FileLines::lines).sum();
    }

    public void release() {
      if (lines != null) {
        lines.unpersist();
      }
    }
  }

  /** Lines read and lines rejected of one file. */
  record FileLines(String file, long lines, long rejected) {
    double rejectedShare() {
      return lines == 0 ? 0 : (double) rejected / lines;
    }
  }

  /**
   * Reads and checks the lines of the files of {@code kind} that landing has not taken, and notes
   * the source's refused files of that kind for the quarantine.
   */
  public Delivery read(SourceFolder source, SourceKind kind, String runId, Instant ingestedAt) {
    LakehouseTable table = kind.landingTable();
    List<Row> refused =
        source.refused(kind).stream().map(f -> f.rejectRow(runId, ingestedAt)).toList();
    List<SourceFile> unknown = ledger.unknown(table, source.files(kind));
    if (unknown.isEmpty()) {
      return new Delivery(kind, 0, null, List.of(), refused);
    }
    Map<SourceFile, String> checksums = new LinkedHashMap<>();
    unknown.forEach(f -> checksums.put(f, source.checksum(f)));
    Set<String> taken = ledger.inLanding(table, checksums);
    Map<SourceFile, String> pending = new LinkedHashMap<>(checksums);
    pending.keySet().removeIf(f -> taken.contains(f.relativePath()));
    ledger.record(table, checksums, runId);
    if (pending.isEmpty()) {
      return new Delivery(kind, 0, null, List.of(), refused);
    }
    spark.sparkContext().setJobDescription("read " + pending.size() + " files for " + table);
    Dataset<Row> lines =
        checked(source, kind, pending, runId, ingestedAt).persist(StorageLevel.MEMORY_AND_DISK());
    List<FileLines> perFile = new ArrayList<>();
    lines
        .groupBy(col("source_file"))
        .agg(count(lit(1)), count(col(REASON)))
        .collectAsList()
        .forEach(r -> perFile.add(new FileLines(r.getString(0), r.getLong(1), r.getLong(2))));
    return new Delivery(kind, pending.size(), lines, perFile, refused);
  }

  /**
   * Writes the rejected lines of every delivery to {@code landing.rejects}, then fails when a
   * file's rejected share is over {@code maxRejectRatio}, before anything lands.
   *
   * @return rows inserted into {@code landing.rejects} (a rerun inserts the same lines once)
   */
  public long quarantine(List<Delivery> deliveries, String runId, double maxRejectRatio) {
    long rejected = writeRejects(deliveries, runId);
    for (Delivery delivery : deliveries) {
      for (FileLines file : delivery.perFile) {
        if (file.rejectedShare() > maxRejectRatio) {
          throw new RejectRatioExceeded(file, maxRejectRatio, firstReason(delivery, file));
        }
      }
    }
    return rejected;
  }

  /** Appends the good lines of a delivery to its landing table, in one commit. */
  public Result land(Delivery delivery, String runId) {
    LakehouseTable table = delivery.kind.landingTable();
    if (delivery.lines == null) {
      return new Result(table, 0, 0, 0, 0, null);
    }
    spark.sparkContext().setJobDescription("land " + delivery.files + " files into " + table);
    delivery.lines.where(col(REASON).isNull()).createOrReplaceTempView(RAW_VIEW);
    Dataset<Row> rows =
        spark.sql(SqlScript.render(SqlScript.load(table.sqlResource()), Map.of("raw", RAW_VIEW)));
    long landed = delivery.lineCount() - delivery.rejected();
    if (landed == 0) {
      return new Result(table, delivery.files, delivery.lineCount(), 0, delivery.rejected(), null);
    }
    try {
      rows.writeTo(table.sqlName())
          .option("snapshot-property." + IcebergTables.RUN_ID_PROPERTY, runId)
          .append();
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("Cannot ingest into " + table + ": table is missing", e);
    }
    return new Result(
        table,
        delivery.files,
        delivery.lineCount(),
        landed,
        delivery.rejected(),
        IcebergTables.currentSnapshotId(spark, table));
  }

  /**
   * Writes down, in one commit, the files the ingests so far took or found already in landing, so
   * later runs recognise them without reading them. Call after the landing commits.
   */
  public void recordTakenFiles(String runId) {
    ledger.flush(runId);
  }

  private long writeRejects(List<Delivery> deliveries, String runId) {
    Dataset<Row> rejects = newRefusals(deliveries);
    for (Delivery delivery : deliveries) {
      if (delivery.rejected() == 0) {
        continue;
      }
      Dataset<Row> rows =
          delivery
              .lines
              .where(col(REASON).isNotNull())
              .select(
                  lit(delivery.kind.landingTable().logicalName()).as("landing_table"),
                  col("source_file"),
                  col("source_checksum"),
                  col("line_number"),
                  col("line").as("raw_line"),
                  col(REASON).as("reason"),
                  col("ingested_at").as("rejected_at"),
                  col("run_id"));
      rejects = rejects == null ? rows : rejects.unionByName(rows);
    }
    if (rejects == null) {
      return 0;
    }
    spark.sparkContext().setJobDescription("quarantine rejected lines");
    LakehouseTable table = LakehouseTable.LANDING_REJECTS;
    long before = IcebergTables.liveRows(spark, table);
    rejects.createOrReplaceTempView(REJECTS_VIEW);
    IcebergTables.withRunId(
        runId,
        () ->
            spark.sql(
                SqlScript.render(
                    SqlScript.load("sql/landing/rejects.merge.sql"),
                    Map.of("rejects", REJECTS_VIEW))));
    return IcebergTables.liveRows(spark, table) - before;
  }

  /**
   * The refused files the quarantine does not hold yet, or null: a file refused every night is
   * recorded once, and a night with nothing new commits nothing.
   */
  private Dataset<Row> newRefusals(List<Delivery> deliveries) {
    List<Row> refused = new ArrayList<>();
    deliveries.forEach(d -> refused.addAll(d.refused));
    if (refused.isEmpty()) {
      return null;
    }
    Set<String> recorded = new HashSet<>();
    spark
        .table(LakehouseTable.LANDING_REJECTS.sqlName())
        .where(
            col("line_number")
                .equalTo(0L)
                .and(col("source_file").isin(refused.stream().map(r -> r.get(1)).toArray())))
        .select("source_file")
        .collectAsList()
        .forEach(r -> recorded.add(r.getString(0)));
    refused.removeIf(r -> recorded.contains(r.getString(1)));
    return refused.isEmpty() ? null : spark.createDataFrame(refused, RefusedFile.REJECT_SCHEMA);
  }

  private static String firstReason(Delivery delivery, FileLines file) {
    Row first =
        delivery
            .lines
            .where(col("source_file").equalTo(file.file()).and(col(REASON).isNotNull()))
            .orderBy(col("line_number"))
            .select(col("line_number"), col(REASON))
            .first();
    return "line " + first.getLong(0) + ", " + first.getString(1);
  }

  /**
   * The lines of the files with lineage, every field typed (null when absent or of the wrong type),
   * and the reason a line cannot land, or null.
   */
  private Dataset<Row> checked(
      SourceFolder source,
      SourceKind kind,
      Map<SourceFile, String> files,
      String runId,
      Instant ingestedAt) {
    Column now = lit(Timestamp.from(ingestedAt));
    Dataset<Row> parsed =
        SourceLines.read(spark, source.io(), files, maxLineBytes)
            .select(
                col("*"),
                from_json(
                        col("line"),
                        kind.readSchema(),
                        Map.of(
                            "mode",
                            "PERMISSIVE",
                            "columnNameOfCorruptRecord",
                            SourceKind.CORRUPT_RECORD))
                    .as("json"))
            .select(col("*"), col("json.*"));
    List<Column> reasons = new ArrayList<>();
    reasons.add(when(col("line").isNull(), lit("line is longer than " + maxLineBytes + " bytes")));
    reasons.add(when(col("valid_utf8").unary_$bang(), lit("invalid UTF-8")));
    reasons.add(
        when(
            col("json").isNull().or(col(SourceKind.CORRUPT_RECORD).isNotNull()),
            lit("not a JSON object")));
    kind.fields().stream()
        .map(f -> f.fault(ingestedAt))
        .filter(Objects::nonNull)
        .forEach(reasons::add);
    List<Column> columns = new ArrayList<>();
    for (String lineage : List.of("source_file", "source_checksum", "line_number", "line")) {
      columns.add(col(lineage));
    }
    kind.fields().forEach(f -> columns.add(f.typed().as(f.name())));
    columns.add(coalesce(reasons.toArray(Column[]::new)).as(REASON));
    columns.add(now.as("ingested_at"));
    columns.add(lit(runId).as("run_id"));
    return parsed.select(columns.toArray(Column[]::new));
  }
}
