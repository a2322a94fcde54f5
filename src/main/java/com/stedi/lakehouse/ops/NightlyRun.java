package com.stedi.lakehouse.ops;

import com.stedi.lakehouse.catalog.TableDdl;
import com.stedi.lakehouse.ingest.LandingIngest;
import com.stedi.lakehouse.ingest.SourceFolder;
import com.stedi.lakehouse.ingest.SourceKind;
import com.stedi.lakehouse.transform.CuratedCustomerMerge;
import com.stedi.lakehouse.transform.CuratedMachineLearningMerge;
import com.stedi.lakehouse.transform.MergeResult;
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
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * One run of the pipeline: ingest the new source files into landing, then bring every trusted and
 * curated table up to date, each with one MERGE, in dependency order. A rerun over the same source
 * commits nothing.
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
  private final Clock clock;
  private final Consumer<String> progress;

  public NightlyRun(SparkSession spark, Clock clock, Consumer<String> progress) {
    this.spark = spark;
    this.clock = clock;
    this.progress = progress;
  }

  public RunSummary run(String sourceLocation) {
    Instant start = clock.instant();
    String runId = newRunId(start);
    SourceFolder source =
        SourceFolder.open(sourceLocation, spark.sparkContext().hadoopConfiguration());
    TableDdl.apply(spark);
    List<TableChange> changes = new ArrayList<>();
    int step = 0;
    int steps = SourceKind.values().length + STAGES.size();
    LandingIngest ingest = new LandingIngest(spark);
    for (SourceKind kind : SourceKind.values()) {
      progress.accept(String.format("[%d/%d] %s ...", ++step, steps, kind.landingTable()));
      long t0 = System.nanoTime();
      LandingIngest.Result r = ingest.ingest(source, kind, runId, start);
      changes.add(new TableChange(r.table(), r.rows(), 0, 0, r.snapshotId(), millisSince(t0)));
    }
    for (ZoneMerge stage : STAGES) {
      progress.accept(String.format("[%d/%d] %s ...", ++step, steps, stage.table()));
      long t0 = System.nanoTime();
      MergeResult r = stage.merge(spark, runId);
      changes.add(
          new TableChange(
              r.table(), r.inserted(), r.updated(), r.deleted(), r.snapshotId(), millisSince(t0)));
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
