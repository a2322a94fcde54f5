package com.stedi.lakehouse.pipeline;

import com.stedi.lakehouse.audit.AuditFailure;
import com.stedi.lakehouse.audit.PublishAudit;
import com.stedi.lakehouse.catalog.CatalogState;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.RunPolicy;
import com.stedi.lakehouse.ingest.Delivery;
import com.stedi.lakehouse.ingest.LandingIngest;
import com.stedi.lakehouse.ingest.SourceFolder;
import com.stedi.lakehouse.ingest.SourceKind;
import com.stedi.lakehouse.migration.Migration;
import com.stedi.lakehouse.migration.MigrationFiles;
import com.stedi.lakehouse.migration.SchemaMigrations;
import com.stedi.lakehouse.ops.RunIds;
import com.stedi.lakehouse.ops.RunLock;
import com.stedi.lakehouse.ops.RunRecord;
import com.stedi.lakehouse.ops.RunSummary;
import com.stedi.lakehouse.ops.TableChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.iceberg.io.FileIO;
import org.apache.spark.sql.SparkSession;

/**
 * One run of the pipeline: ingest the new source files into landing, then bring every trusted and
 * curated table up to date from what landing gained since each table last consumed it, in
 * dependency order. Records the run in {@code ops.runs} and tags each trusted and curated table it
 * changed with the run id.
 *
 * <p>A rerun over the same source commits nothing to any zone table. A run killed at any point
 * leaves every table at a commit boundary; the next run resumes from the positions the last commits
 * recorded. Callers hold the {@link RunLock}.
 */
public final class NightlyRun {
  /** How every run id starts: {@code run-…}. */
  static final String RUN_ID_PREFIX = "run-";

  /** Attempts at merging on a branch when other writers keep committing to main meanwhile. */
  private static final int MAX_PUBLISH_ATTEMPTS = 3;

  /** The trusted and curated stages in dependency order. */
  static final List<ZoneMerge> STAGES = Arrays.stream(Stage.values()).map(ZoneMerge::new).toList();

  private final SparkSession spark;
  private final FileIO sourceIO;
  private final Clock clock;
  private final RunPolicy policy;
  private final Consumer<String> progress;
  private List<Migration> migrations;
  private Runnable beforeCommit = () -> {};

  /**
   * @param sourceIO reads the source files, e.g. {@link
   *     com.stedi.lakehouse.catalog.LakehouseSession#fileIO}
   */
  public NightlyRun(
      SparkSession spark,
      FileIO sourceIO,
      Clock clock,
      RunPolicy policy,
      Consumer<String> progress) {
    this.spark = spark;
    this.sourceIO = sourceIO;
    this.clock = clock;
    this.policy = policy;
    this.progress = progress;
  }

  /**
   * Makes the run hold the schema to these migrations instead of the ones this stedi carries: what
   * an older stedi, with fewer of them, would do.
   */
  public NightlyRun withMigrations(List<Migration> migrations) {
    this.migrations = List.copyOf(migrations);
    return this;
  }

  /** Makes the run check, before each commit, that it still holds this lock (it stops if not). */
  public NightlyRun fencedBy(RunLock lock) {
    this.beforeCommit = lock::ensureHeld;
    return this;
  }

  public RunSummary run(String sourceLocation) {
    Instant start = clock.instant();
    String runId = newRunId(start);
    // Before the run record and before anything is created: a run refused for its source or for
    // pending migrations never started.
    SourceFolder source = SourceFolder.open(sourceLocation, sourceIO);
    source.refused().forEach(file -> progress.accept(file.message()));
    new SchemaMigrations(spark, migrations == null ? MigrationFiles.bundled() : migrations, clock)
        .prepare(policy.migrate(), progress);
    RunRecord record = new RunRecord(spark, policy.tagRetention());
    try {
      RunSummary summary = process(source, runId, start);
      beforeCommit.run();
      record.succeeded(summary, sourceLocation, start, clock.instant());
      return summary;
    } catch (RuntimeException e) {
      if (CatalogState.isComplete(spark)) {
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

  private RunSummary process(SourceFolder source, String runId, Instant start) {
    List<TableChange> changes = new ArrayList<>(ingest(source, runId, start));
    Map<LakehouseTable, Long> landing = new EnumMap<>(LakehouseTable.class);
    for (SourceKind kind : SourceKind.values()) {
      Long snapshot = IcebergTables.currentSnapshotId(spark, kind.landingTable());
      landing.put(kind.landingTable(), snapshot == null ? Positions.NO_SNAPSHOT : snapshot);
    }
    RunContext context = new RunContext(runId, landing);
    // A failed or killed run's writes on the audit branch may hold a customer who withdrew since,
    // and the stages must not read them: every run starts the branch again at main's head.
    RunBranch.reset(spark);
    if (STAGES.stream().allMatch(stage -> stage.isUpToDate(spark, context))) {
      progress.accept("trusted and curated are up to date");
    } else {
      changes.addAll(mergeAuditPublish(context));
    }
    return new RunSummary(runId, changes, Duration.between(start, clock.instant()));
  }

  /**
   * Reads every kind of new file at once, quarantines what cannot land (failing the run when a file
   * has more than the policy allows) and lands the rest. The reading, the checking and the
   * quarantine are timed on the landing.rejects row: they serve every landing table.
   */
  private List<TableChange> ingest(SourceFolder source, String runId, Instant start) {
    LandingIngest ingest = new LandingIngest(spark, policy.maxLineBytes());
    long t0 = System.nanoTime();
    try (Delivery delivery = ingest.read(source, runId, start)) {
      beforeCommit.run();
      long quarantined = ingest.quarantine(delivery, policy.maxRejectRatio());
      long quarantineMillis = millisSince(t0);
      List<TableChange> changes = new ArrayList<>();
      for (SourceKind kind : SourceKind.values()) {
        progress.accept(
            String.format("[%d/%d] %s ...", kind.ordinal() + 1, steps(), kind.landingTable()));
        long t1 = System.nanoTime();
        LandingIngest.Result r = ingest.land(delivery, kind);
        changes.add(
            new TableChange(
                r.table(), r.lines(), r.rows(), 0, 0, r.snapshotId(), "", millisSince(t1)));
      }
      changes.add(
          new TableChange(
              LakehouseTable.LANDING_REJECTS,
              delivery.lines(),
              quarantined,
              0,
              0,
              quarantined == 0
                  ? null
                  : IcebergTables.currentSnapshotId(spark, LakehouseTable.LANDING_REJECTS),
              "",
              quarantineMillis));
      ingest.recordTakenFiles(runId);
      return changes;
    }
  }

  /**
   * Brings trusted and curated up to date on the audit branch, audits it, and publishes it with the
   * run's tags. A failure leaves every main branch as it was and the audit branch where the run's
   * writes put it, for inspection until the next run resets it.
   */
  private List<TableChange> mergeAuditPublish(RunContext context) {
    for (int attempt = 1; ; attempt++) {
      RunBranch branch = RunBranch.open(spark, context.runId(), policy.tagRetention());
      try {
        List<TableChange> changes = mergeAndAudit(context, branch);
        if (branch.canPublish() || attempt == MAX_PUBLISH_ATTEMPTS) {
          beforeCommit.run();
          branch.publish();
          return changes;
        }
        progress.accept("another writer committed to main meanwhile; merging again");
        branch.discard();
      } finally {
        branch.close();
      }
    }
  }

  private List<TableChange> mergeAndAudit(RunContext context, RunBranch branch) {
    List<TableChange> changes = new ArrayList<>();
    int step = SourceKind.values().length;
    for (ZoneMerge stage : STAGES) {
      progress.accept(String.format("[%d/%d] %s ...", ++step, steps(), stage.table()));
      changes.add(stage.merge(spark, context, branch));
    }
    progress.accept(String.format("[%d/%d] audit and publish ...", ++step, steps()));
    try {
      PublishAudit audit = new PublishAudit(spark, policy.maxRowLoss(), policy.rowLossMinRows());
      StaticPlanning.during(spark, () -> audit.check(context.runId()));
    } catch (AuditFailure e) {
      throw new AuditFailure(
          e,
          "Cannot publish "
              + context.runId()
              + ": "
              + e.getMessage()
              + "; main is unchanged, the run's tables are on branch "
              + branch.name());
    }
    return changes;
  }

  private static int steps() {
    return SourceKind.values().length + STAGES.size() + 1;
  }

  /** A sortable, readable run id, e.g. {@code run-20261123T010203Z-3f9a1c}. */
  static String newRunId(Instant start) {
    return RunIds.unique(RUN_ID_PREFIX, start);
  }

  private static long millisSince(long nanoStart) {
    return (System.nanoTime() - nanoStart) / 1_000_000;
  }
}
