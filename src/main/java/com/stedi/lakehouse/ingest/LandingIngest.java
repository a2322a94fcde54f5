package com.stedi.lakehouse.ingest;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.MetadataRows;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.sql.SqlScript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DistributionMode;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.spark.SparkWriteOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

/**
 * Takes the new source files into landing: each line either lands in its kind's landing table or is
 * quarantined in {@code landing.rejects} with the reason (see {@link SourceField}).
 *
 * <p>A run first {@linkplain #read reads} the new files of every kind in one Spark action, then
 * {@linkplain #quarantine quarantines} the rejected lines (one MERGE, so a rerun adds no duplicate)
 * and checks each file's rejected share against the run's limit, and only then {@linkplain #land
 * lands} the good lines: one append commit per landing table. A file over the limit fails the run
 * before any landing commit.
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
   * What one ingest did to a landing table.
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
   * Reads and checks the lines of every file that landing has not taken, and notes the source's
   * refused files for the quarantine. Runs one Spark action, none when no file is new.
   */
  public Delivery read(SourceFolder source, String runId, Instant ingestedAt) {
    Map<SourceKind, Integer> files = new EnumMap<>(SourceKind.class);
    List<Row> refused = new ArrayList<>();
    Dataset<Row> lines = null;
    Map<SourceFile, String> checksums = checksumsOfUnknown(source);
    for (SourceKind kind : SourceKind.values()) {
      source.refused(kind).forEach(f -> refused.add(f.rejectRow(runId, ingestedAt)));
      Map<SourceFile, String> pending = pending(kind, checksums, runId);
      if (!pending.isEmpty()) {
        files.put(kind, pending.size());
        Dataset<Row> checked =
            CheckedLines.read(spark, source.io(), kind, pending, maxLineBytes, ingestedAt, true);
        lines = lines == null ? checked : lines.unionByName(checked, true);
      }
    }
    int total = files.values().stream().mapToInt(Integer::intValue).sum();
    spark.sparkContext().setJobDescription("read and check " + total + " new files");
    return Delivery.hold(files, lines, refused, ingestedAt, runId);
  }

  /**
   * Writes the rejected lines of the delivery to {@code landing.rejects}, then fails when a file's
   * rejected share is over {@code maxRejectRatio}, before anything lands.
   *
   * @return rows inserted into {@code landing.rejects} (a rerun inserts the same lines once)
   */
  public long quarantine(Delivery delivery, double maxRejectRatio) {
    long rejected = writeRejects(delivery);
    for (Delivery.FileLines file : delivery.perFile()) {
      if (file.rejectedShare() > maxRejectRatio) {
        throw new RejectRatioExceeded(file, maxRejectRatio, delivery.firstReason(file));
      }
    }
    return rejected;
  }

  /**
   * Appends the good lines of one kind to its landing table, in one commit. Each task sorts its own
   * rows by the table's partition and sort order; no shuffle ranges them across tasks first.
   */
  public Result land(Delivery delivery, SourceKind kind) {
    LakehouseTable table = kind.landingTable();
    long lines = delivery.lines(kind);
    long rejected = delivery.rejected(kind);
    if (lines == rejected) {
      return new Result(table, delivery.files(kind), lines, 0, rejected, null);
    }
    spark.sparkContext().setJobDescription("land " + delivery.files(kind) + " files into " + table);
    delivery.good(kind).createOrReplaceTempView(RAW_VIEW);
    append(
        spark.sql(
            SqlScript.render(
                SqlScript.load(table.sqlResource(), Namespaces.of(spark)),
                Map.of("raw", RAW_VIEW))),
        table,
        delivery.runId());
    return new Result(
        table,
        delivery.files(kind),
        lines,
        lines - rejected,
        rejected,
        IcebergTables.currentSnapshotId(spark, table));
  }

  /**
   * Writes down, in one commit, the files the ingests so far took or found already in landing, so
   * later runs recognise them without reading them. Call after the landing commits.
   */
  public void recordTakenFiles(String runId) {
    ledger.flush(runId);
  }

  /**
   * The checksums of every file, of any kind, that the ledger does not recognise, computed
   * together: a night's delivery is often one file of each kind.
   */
  private Map<SourceFile, String> checksumsOfUnknown(SourceFolder source) {
    List<SourceFile> unknown = new ArrayList<>();
    for (SourceKind kind : SourceKind.values()) {
      unknown.addAll(ledger.unknown(kind.landingTable(), source.files(kind)));
    }
    return source.checksums(unknown);
  }

  /**
   * The files of a kind, with their checksums, that landing has not taken; notes them all in the
   * ledger.
   *
   * @param unknown the checksums of the files of every kind that the ledger does not recognise
   */
  private Map<SourceFile, String> pending(
      SourceKind kind, Map<SourceFile, String> unknown, String runId) {
    LakehouseTable table = kind.landingTable();
    Map<SourceFile, String> checksums = new LinkedHashMap<>(unknown);
    checksums.keySet().removeIf(f -> f.kind() != kind);
    if (checksums.isEmpty()) {
      return checksums;
    }
    Set<String> taken = ledger.inLanding(table, checksums);
    ledger.record(table, checksums, runId);
    Map<SourceFile, String> pending = new LinkedHashMap<>(checksums);
    pending.keySet().removeIf(f -> taken.contains(f.relativePath()));
    return pending;
  }

  /**
   * Appends without the range shuffle Iceberg would add for a sorted table (its default
   * distribution then): landing is append-only and compacted later, and the rows sit cached in as
   * many tasks as there were files, so each task writes its rows sorted locally.
   */
  private void append(Dataset<Row> rows, LakehouseTable table, String runId) {
    try {
      rows.writeTo(Namespaces.of(spark).name(table))
          .option(SparkWriteOptions.DISTRIBUTION_MODE, DistributionMode.NONE.modeName())
          .option("snapshot-property." + IcebergTables.RUN_ID_PROPERTY, runId)
          .append();
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("Cannot ingest into " + table + ": table is missing", e);
    }
  }

  private long writeRejects(Delivery delivery) {
    Dataset<Row> rejects = newRefusals(delivery.refused());
    if (delivery.rejected() > 0) {
      rejects = rejects == null ? delivery.rejects() : rejects.unionByName(delivery.rejects());
    }
    if (rejects == null) {
      return 0;
    }
    spark.sparkContext().setJobDescription("quarantine rejected lines");
    LakehouseTable table = LakehouseTable.LANDING_REJECTS;
    long before = IcebergTables.liveRows(spark, table);
    rejects.createOrReplaceTempView(REJECTS_VIEW);
    IcebergTables.withRunId(
        delivery.runId(),
        () ->
            spark.sql(
                SqlScript.render(
                    SqlScript.load("sql/landing/rejects.merge.sql", Namespaces.of(spark)),
                    Map.of("rejects", REJECTS_VIEW))));
    return IcebergTables.liveRows(spark, table) - before;
  }

  /**
   * The refused files the quarantine does not hold yet, or null: a file refused every night is
   * recorded once, and a night with nothing new commits nothing. Looked up through Iceberg's Java
   * API: a Spark query would cost a Spark job every night a refused file stays in the source.
   */
  private Dataset<Row> newRefusals(List<Row> refused) {
    if (refused.isEmpty()) {
      return null;
    }
    Set<String> recorded = new HashSet<>();
    MetadataRows.read(
            spark,
            LakehouseTable.LANDING_REJECTS,
            Expressions.and(
                Expressions.equal("line_number", 0L),
                Expressions.in("source_file", refused.stream().map(r -> r.get(1)).toArray())),
            "source_file",
            "line_number")
        .forEach(r -> recorded.add((String) r.getField("source_file")));
    List<Row> unrecorded =
        refused.stream().filter(r -> !recorded.contains(r.getString(1))).toList();
    return unrecorded.isEmpty()
        ? null
        : spark.createDataFrame(unrecorded, RefusedFile.REJECT_SCHEMA);
  }
}
