package com.stedi.lakehouse.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.ops.TableChange;
import com.stedi.lakehouse.sql.SqlScript;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.storage.StorageLevel;

/**
 * Brings one trusted or curated table ({@link Stage}) up to date with what its inputs gained since
 * the stage last ran, in one commit that carries the input snapshots consumed ({@link Positions}),
 * so a rerun after a crash resumes exactly where the last commit ended.
 *
 * <p>A table never written is loaded in bulk: its rows are appended once, with no change set (the
 * commit records the positions even when it holds no row). Otherwise the stage computes a change
 * set: the {@code scope} view (SQL {@code <table>.scope.sql}) names the keys the new input rows may
 * affect, {@code <table>.sql} gives the table's rows for those keys, and the change set is that
 * against the table's rows in scope, so a run reads only what is new plus what it touches. An
 * insert-only change set is appended; MERGE is kept for updates and deletes; an empty one writes
 * nothing, and its positions go with the publish ({@link RunBranch}). A table of readings ({@link
 * Stage#readings}) whose zone inputs did not change can only gain rows (most nights): what it lacks
 * of its rows in scope is appended in one query, with no change set. Every path but the bulk one
 * plans its queries once ({@link StaticPlanning}). A commit that loses a race to a concurrent
 * writer is recomputed and retried.
 */
public final class ZoneMerge {
  static final int MAX_ATTEMPTS = 4;

  /**
   * A bound every value of a day column meets. A staged view with a day column is registered behind
   * a filter on it. Why: Spark prunes a joined table's partitions at run time only when the other
   * side of the join has a filter, and a staged view has none of its own.
   */
  private static final Column LEAST_TIMESTAMP = expr("timestamp_micros(" + Long.MIN_VALUE + ")");

  private final Stage stage;
  private final LakehouseTable table;

  public ZoneMerge(Stage stage) {
    this.stage = stage;
    this.table = stage.table();
  }

  public Stage stage() {
    return stage;
  }

  public LakehouseTable table() {
    return table;
  }

  /** True when no input has a snapshot the stage has not consumed: a run would change nothing. */
  public boolean isUpToDate(SparkSession spark, RunContext run) {
    return Progress.of(spark, stage, run).isUpToDate();
  }

  /**
   * Where the stage stands: the table's head, the input snapshots its last write consumed and those
   * it would consume now, and whether a migration changed the schema since that write.
   */
  private record Progress(
      Snapshot head,
      Positions consumed,
      Positions pinned,
      boolean inputsUnchanged,
      boolean schemaChanged) {
    static Progress of(SparkSession spark, Stage stage, RunContext run) {
      Table target = IcebergTables.load(spark, stage.table());
      Snapshot head = IcebergTables.head(spark, target);
      StageInputs inputs = new StageInputs(spark);
      Positions consumed = Positions.latest(target, head);
      Positions pinned = inputs.pin(stage.inputs(), run);
      return new Progress(
          head,
          consumed,
          pinned,
          inputs.rowsUnchanged(consumed, pinned),
          schemaChangedSinceLastMerge(target, head));
    }

    boolean isUpToDate() {
      return inputsUnchanged && !schemaChanged;
    }
  }

  /**
   * True when a migration changed the table's schema after the stage last wrote it: the stage then
   * recomputes the whole table once, so a column added by a migration is filled in every row, as a
   * recompute from scratch would fill it. Each snapshot records the schema it was written with.
   */
  static boolean schemaChangedSinceLastMerge(Table target, Snapshot head) {
    Snapshot merged = Positions.latestSnapshot(target, head);
    return merged != null
        && merged.schemaId() != null
        && merged.schemaId() != target.schema().schemaId();
  }

  /**
   * Runs the stage on the run's branch; retries when a concurrent commit invalidates its change
   * set.
   *
   * @return what the stage did to its table, timed from the first attempt
   */
  TableChange merge(SparkSession spark, RunContext run, RunBranch branch) {
    long start = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(spark, run, branch).withMillis((System.nanoTime() - start) / 1_000_000);
      } catch (RuntimeException e) {
        if (attempt >= MAX_ATTEMPTS || !isCommitConflict(e)) {
          throw e;
        }
      }
    }
  }

  private TableChange attempt(SparkSession spark, RunContext run, RunBranch branch) {
    spark.sparkContext().setJobDescription("merge " + table);
    Progress progress = Progress.of(spark, stage, run);
    if (progress.isUpToDate()) {
      return new TableChange(table, 0, 0, 0, 0, null, "", 0);
    }
    StageInputs stageInputs = new StageInputs(spark);
    Positions consumed = progress.consumed();
    Positions pinned = progress.pinned();
    boolean full = progress.schemaChanged() || !stageInputs.canReadIncrementally(consumed, pinned);
    StageInputs.Registered inputs = stageInputs.register(consumed, pinned, full, run);
    String range = (full ? new Positions(Map.of()) : consumed).describeRangeTo(pinned);
    TableChange read = new TableChange(table, inputs.rowsRead(), 0, 0, 0, null, range, 0);
    Commit commit = new Commit(table, run.runId(), pinned, branch);
    List<Dataset<Row>> held = new ArrayList<>();
    try {
      if (progress.head() == null) {
        stageBulkViews(spark);
        return appendRows(spark, commit, read, desiredRows(spark));
      }
      return StaticPlanning.during(
          spark,
          () -> {
            stageViews(spark, full, held);
            if (!full && stage.readings() && !inputs.zoneInputsChanged()) {
              return appendRows(spark, commit, read, newRows(spark));
            }
            return applyChanges(spark, commit, read, held);
          });
    } finally {
      held.forEach(Dataset::unpersist);
    }
  }

  /**
   * Appends rows in one write, with no change set and no MERGE: the bulk path (every row, the table
   * never having been written), and a run that only adds rows ({@link Stage#readings}), which then
   * commits even when it adds none.
   */
  private TableChange appendRows(
      SparkSession spark, Commit commit, TableChange read, Dataset<Row> rows) {
    Column[] selected = columns(spark).stream().map(c -> col(c)).toArray(Column[]::new);
    commit.run(() -> append(spark, rows.select(selected)));
    Snapshot written = IcebergTables.head(spark, IcebergTables.load(spark, table));
    if (written == null) {
      return read;
    }
    long inserted = Long.parseLong(written.summary().getOrDefault("added-records", "0"));
    return new TableChange(
        table, read.rowsRead(), inserted, 0, 0, written.snapshotId(), read.sourceSnapshots(), 0);
  }

  private void append(SparkSession spark, Dataset<Row> rows) {
    try {
      rows.writeTo(Namespaces.of(spark).name(table)).append();
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("Cannot append to " + table + ": " + e.getMessage(), e);
    }
  }

  /** The change-set path: the change set, computed once, then an append or a MERGE. */
  private TableChange applyChanges(
      SparkSession spark, Commit commit, TableChange read, List<Dataset<Row>> held) {
    ChangeSet changes =
        ChangeSet.compute(spark, stage, columns(spark), desiredAndCurrent(spark), held);
    TableChange result =
        new TableChange(
            table,
            read.rowsRead(),
            changes.rows("insert"),
            changes.rows("update"),
            changes.rows("delete"),
            null,
            read.sourceSnapshots(),
            0);
    if (!result.changed()) {
      commit.withoutRows();
      return result;
    }
    commit.run(() -> spark.sql(changes.writeSql()));
    return result.withSnapshot(IcebergTables.currentSnapshotId(spark, table));
  }

  private List<String> columns(SparkSession spark) {
    return Arrays.asList(spark.table(Namespaces.of(spark).name(table)).columns());
  }

  /**
   * Registers the {@code scope} view, then each staged view, each persisted: computed once, where
   * first read. A view the planner would size past what it broadcasts is computed before the next
   * view, or the table's SQL, is planned. Why: Spark estimates a join's size as the product of its
   * sides, so a view built by a join looks huge and every join with a whole table would shuffle
   * that table; a computed view carries its real size, so the planner broadcasts it when it is
   * small (a night's scope) and shuffles only when it is not.
   */
  private void stageViews(SparkSession spark, boolean full, List<Dataset<Row>> held) {
    boolean oversized = register("scope", scope(spark, full), held);
    for (String view : stage.stagedViews()) {
      sizeLast(held, oversized);
      oversized = register(view, sql(spark, stage.viewResource(view)), held);
    }
    sizeLast(held, oversized);
  }

  private static void sizeLast(List<Dataset<Row>> held, boolean oversized) {
    if (oversized) {
      held.get(held.size() - 1).count();
    }
  }

  /**
   * The views of the bulk path (the table never written), none persisted, each from a cheaper query
   * where the stage has one ({@link Stage#bulkViewResource}). Why: they are read once, and a
   * persisted view is a wall the optimizer cannot see through. Left open, the table's SQL filters
   * the new rows before the scope's {@code distinct} shuffles them (a first load of 10M readings:
   * half the rows through that shuffle), and machine learning's pairs are one join of whole tables
   * (a 10M first load: that stage 21.3 s against 32.9 s through persisted instants); no cache holds
   * all of their rows.
   */
  private void stageBulkViews(SparkSession spark) {
    registerView("scope", sql(spark, stage.bulkViewResource("scope")));
    for (String view : stage.stagedViews()) {
      registerView(view, sql(spark, stage.bulkViewResource(view)));
    }
  }

  /** Registers a view of persisted rows; true when the planner sizes it past a broadcast. */
  private boolean register(String view, Dataset<Row> rows, List<Dataset<Row>> held) {
    Dataset<Row> cached = rows.persist(StorageLevel.MEMORY_AND_DISK());
    held.add(cached);
    registerView(view, cached);
    long broadcast = rows.sparkSession().sessionState().conf().autoBroadcastJoinThreshold();
    BigInteger estimate =
        cached.queryExecution().optimizedPlan().stats().sizeInBytes().bigInteger();
    return broadcast <= 0 || estimate.compareTo(BigInteger.valueOf(broadcast)) > 0;
  }

  /** Registers a view of rows, behind a filter on the day column (see {@link #LEAST_TIMESTAMP}). */
  private void registerView(String view, Dataset<Row> rows) {
    Dataset<Row> registered = rows;
    String day = stage.dayColumn();
    if (day != null && Arrays.asList(rows.columns()).contains(day)) {
      registered = rows.where(col(day).geq(LEAST_TIMESTAMP));
    }
    registered.createOrReplaceTempView(view);
  }

  private static Dataset<Row> sql(SparkSession spark, String resource) {
    return spark.sql(SqlScript.load(resource, Namespaces.of(spark)));
  }

  private Dataset<Row> scope(SparkSession spark, boolean full) {
    Dataset<Row> scope = sql(spark, stage.viewResource("scope"));
    if (full) {
      // A full recompute must also reach rows whose inputs are gone (a customer who withdrew).
      Column[] columns = scopeColumns().stream().map(c -> col(c)).toArray(Column[]::new);
      scope =
          scope
              .select(columns)
              .union(spark.table(Namespaces.of(spark).name(table)).select(columns));
    }
    return scope.distinct();
  }

  /** The table's rows for the keys in scope, as its SQL gives them. */
  private Dataset<Row> desiredRows(SparkSession spark) {
    return spark.sql(SqlScript.load(table.sqlResource(), Namespaces.of(spark)));
  }

  /** The desired rows the table does not hold yet: the change set of a run that only adds rows. */
  private Dataset<Row> newRows(SparkSession spark) {
    Map<String, String> ids = desiredAndCurrent(spark);
    ids.put("key_match", stage.match(stage.key(), "d", "c"));
    return spark.sql(SqlScript.render(SqlScript.load("sql/merge/new_rows.sql"), ids));
  }

  /**
   * Registers the views {@code desired} (the table's rows for the keys in scope, as its SQL gives
   * them) and {@code current} (the rows it holds for them); returns their names.
   */
  private Map<String, String> desiredAndCurrent(SparkSession spark) {
    String view = table.viewName();
    desiredRows(spark).createOrReplaceTempView("stedi_desired_" + view);
    spark
        .sql(
            String.format(
                "select t.* from %s as t left semi join scope as s on %s",
                Namespaces.of(spark).name(table), stage.match(stage.scopeKey(), "t", "s")))
        .createOrReplaceTempView("stedi_current_" + view);
    Map<String, String> ids = new HashMap<>();
    ids.put("desired", "stedi_desired_" + view);
    ids.put("current", "stedi_current_" + view);
    return ids;
  }

  /** A stage's commit: its snapshot carries the run id and the input snapshots consumed. */
  private record Commit(LakehouseTable table, String runId, Positions pinned, RunBranch branch) {
    void run(Runnable write) {
      branch.prepare(table);
      CommitMetadata.withCommitProperties(
          summary(),
          () -> {
            write.run();
            return null;
          },
          RuntimeException.class);
    }

    /**
     * The stage consumed its inputs and changed no row: its positions still move, or every later
     * run would read the same input again (and a night with nothing new would run the stage), and
     * they move with the publish, which costs no commit of its own.
     */
    void withoutRows() {
      branch.consumedWithoutRows(table, summary());
    }

    private Map<String, String> summary() {
      Map<String, String> summary = new LinkedHashMap<>(pinned.summaryProperties());
      summary.put(IcebergTables.RUN_ID_PROPERTY, runId);
      return summary;
    }
  }

  private List<String> scopeColumns() {
    List<String> columns = new ArrayList<>(stage.scopeKey());
    if (stage.dayColumn() != null) {
      columns.add(stage.dayColumn());
    }
    return columns;
  }

  private static boolean isCommitConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CommitFailedException || t instanceof ValidationException) {
        return true;
      }
    }
    return false;
  }
}
