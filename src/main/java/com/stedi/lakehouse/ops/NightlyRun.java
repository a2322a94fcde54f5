package com.stedi.lakehouse.ops;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.TableDdl;
import com.stedi.lakehouse.ingest.LandingIngest;
import com.stedi.lakehouse.ingest.SourceFolder;
import com.stedi.lakehouse.ingest.SourceKind;
import com.stedi.lakehouse.transform.CuratedCustomerMerge;
import com.stedi.lakehouse.transform.CuratedMachineLearningMerge;
import com.stedi.lakehouse.transform.Positions;
import com.stedi.lakehouse.transform.RunContext;
import com.stedi.lakehouse.transform.TrustedAccelerometerMerge;
import com.stedi.lakehouse.transform.TrustedCustomerMerge;
import com.stedi.lakehouse.transform.TrustedStepTrainerMerge;
import com.stedi.lakehouse.transform.ZoneMerge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.iceberg.io.FileIO;
import org.apache.spark.sql.SparkSession;

/**
 * One run of the pipeline: ingest the new source files into landing, then bring every trusted and
 * curated table up to date from what landing gained since each table last consumed it, in
 * dependency order. Records the run in {@code ops.runs} and tags every table with the run id.
 *
 * <p>A rerun over the same source commits nothing to any zone table. A run killed at any point
 * leaves every table at a commit boundary; the next run resumes from the positions the last commits
 * recorded. Callers hold the {@link RunLock}.
 */
public final class NightlyRun {
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The trusted and curated stages in dependency order. */
  static final List<ZoneMerge> STAGES =
      List.of(
          new TrustedCustomerMerge(),
          new TrustedAccelerometerMerge(),
          new CuratedCustomerMerge(),
          new TrustedStepTrainerMerge(),
          new CuratedMachineLearningMerge());

  private final SparkSession spark;
  private final FileIO sourceIO;
  private final Clock clock;
  private final Duration tagRetention;
  private final Consumer<String> progress;

  /**
   * @param sourceIO reads the source files, e.g. {@link
   *     com.stedi.lakehouse.catalog.LakehouseSession#fileIO}
   */
  public NightlyRun(
      SparkSession spark,
      FileIO sourceIO,
      Clock clock,
      Duration tagRetention,
      Consumer<String> progress) {
    this.spark = spark;
    this.sourceIO = sourceIO;
    this.clock = clock;
    this.tagRetention = tagRetention;
    this.progress = progress;
  }

  public RunSummary run(String sourceLocation) {
    Instant start = clock.instant();
    String runId = newRunId(start);
    RunRecord record = new RunRecord(spark, tagRetention);
    try {
      RunSummary summary = process(sourceLocation, runId, start);
      record.tagTables(runId);
      record.succeeded(summary, sourceLocation, start, clock.instant());
      return summary;
    } catch (RuntimeException e) {
      if (TableDdl.isComplete(spark)) {
        try {
          record.failed(
              runId, sourceLocation, start, clock.instant(), String.valueOf(e.getMessage()));
        } catch (RuntimeException recordFailure) {
          e.addSuppressed(recordFailure);
        }
      }
      throw e;
    }
  }

  private RunSummary process(String sourceLocation, String runId, Instant start) {
    SourceFolder source = SourceFolder.open(sourceLocation, sourceIO);
    TableDdl.apply(spark);
    List<TableChange> changes = new ArrayList<>();
    int step = 0;
    int steps = SourceKind.values().length + STAGES.size();
    LandingIngest ingest = new LandingIngest(spark);
    Map<LakehouseTable, Long> landing = new EnumMap<>(LakehouseTable.class);
    for (SourceKind kind : SourceKind.values()) {
      progress.accept(String.format("[%d/%d] %s ...", ++step, steps, kind.landingTable()));
      long t0 = System.nanoTime();
      LandingIngest.Result r = ingest.ingest(source, kind, runId, start);
      changes.add(
          new TableChange(
              r.table(), r.rows(), r.rows(), 0, 0, r.snapshotId(), "", millisSince(t0)));
      Long snapshot = IcebergTables.currentSnapshotId(spark, kind.landingTable());
      landing.put(kind.landingTable(), snapshot == null ? Positions.NO_SNAPSHOT : snapshot);
    }
    ingest.recordTakenFiles(runId);
    RunContext context = new RunContext(runId, landing);
    for (ZoneMerge stage : STAGES) {
      progress.accept(String.format("[%d/%d] %s ...", ++step, steps, stage.table()));
      long t0 = System.nanoTime();
      changes.add(TableChange.of(stage.merge(spark, context), millisSince(t0)));
    }
    return new RunSummary(runId, changes, Duration.between(start, clock.instant()));
  }

  /** A sortable, readable run id, e.g. {@code run-20261123T010203Z-3f9a1c}. */
  static String newRunId(Instant start) {
    return "run-" + RUN_ID_TIME.format(start) + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  private static long millisSince(long nanoStart) {
    return (System.nanoTime() - nanoStart) / 1_000_000;
  }
}
