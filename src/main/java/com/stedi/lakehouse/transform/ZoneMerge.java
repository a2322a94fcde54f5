package com.stedi.lakehouse.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.sql.SqlScript;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Brings one trusted or curated table up to date with what its inputs gained since the stage last
 * ran, with one Iceberg {@code MERGE INTO}: inserts, updates and deletes in one commit.
 *
 * <p>Each stage has two SQL resources: {@code sql/<zone>/<table>.scope.sql} names the keys that the
 * new input rows may affect (view {@code scope}), and {@code sql/<zone>/<table>.sql} gives the
 * table's rows for those keys. The change set is that against the table's rows in scope, so a run
 * reads only what is new plus what it touches; with nothing new the stage reads nothing, and an
 * empty change set commits nothing. The commit carries the run id and the input snapshots consumed
 * ({@link Positions}), so a rerun after a crash resumes exactly where the last commit ended. A
 * commit that loses a race to a concurrent writer is recomputed and retried.
 */
public abstract class ZoneMerge {
  static final int MAX_ATTEMPTS = 4;
  static final int MAX_FILTER_VALUES = 10_000;

  private final LakehouseTable table;
  private final List<String> key;
  private final List<String> scopeKey;
  private final String partitionColumn;
  private final List<LakehouseTable> inputs;

  /**
   * @param key the merge key: unique per row
   * @param scopeKey the key columns of the {@code scope} view, a prefix of or equal to the key
   * @param partitionColumn the timestamp column the table is partitioned by day of, or null; the
   *     {@code scope} view carries it too, and the joins with the table match it with {@code =}, so
   *     Spark prunes the table's partitions at run time to the days in scope
   * @param inputs the tables whose new snapshots this stage consumes
   */
  protected ZoneMerge(
      LakehouseTable table,
      List<String> key,
      List<String> scopeKey,
      String partitionColumn,
      List<LakehouseTable> inputs) {
    this.table = table;
    this.key = List.copyOf(key);
    this.scopeKey = List.copyOf(scopeKey);
    this.partitionColumn = partitionColumn;
    this.inputs = List.copyOf(inputs);
  }

  public LakehouseTable table() {
    return table;
  }

  /** The merge key: unique per row. */
  public List<String> key() {
    return key;
  }

  /** The timestamp column the table is partitioned by day of; null when it is not. */
  public String partitionColumn() {
    return partitionColumn;
  }

  /** True when no input has a snapshot the stage has not consumed: a run would change nothing. */
  public boolean isUpToDate(SparkSession spark, RunContext run) {
    Table target = IcebergTables.load(spark, table);
    Snapshot head = IcebergTables.head(spark, target);
    return Positions.latest(target, head).equals(new StageInputs(spark).pin(inputs, run))
        && !schemaChangedSinceLastMerge(target, head);
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

  /** Runs the stage; retries when a concurrent commit invalidates its change set. */
  public MergeResult merge(SparkSession spark, RunContext run) {
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(spark, run);
      } catch (RuntimeException e) {
        if (attempt >= MAX_ATTEMPTS || !isCommitConflict(e)) {
          throw e;
        }
      }
    }
  }

  private MergeResult attempt(SparkSession spark, RunContext run) {
    spark.sparkContext().setJobDescription("merge " + table);
    StageInputs stageInputs = new StageInputs(spark);
    Table target = IcebergTables.load(spark, table);
    Snapshot head = IcebergTables.head(spark, target);
    Positions consumed = Positions.latest(target, head);
    Positions pinned = stageInputs.pin(inputs, run);
    boolean schemaChanged = schemaChangedSinceLastMerge(target, head);
    if (consumed.equals(pinned) && !schemaChanged) {
      return MergeResult.nothingNew(table);
    }
    boolean full = schemaChanged || !stageInputs.canReadIncrementally(consumed, pinned);
    long rowsRead = stageInputs.register(consumed, pinned, full);
    String range = (full ? new Positions(Map.of()) : consumed).describeRangeTo(pinned);

    List<Dataset<Row>> materialized = new ArrayList<>();
    Dataset<Row> changes = null;
    try {
      materialize(scope(spark, full), "scope", materialized);
      for (String view : stagedViews()) {
        materialize(spark.sql(SqlScript.load(stagedViewResource(view))), view, materialized);
      }
      List<String> columns = Arrays.asList(spark.table(table.sqlName()).columns());
      changes = changeSet(spark, columns).persist(StorageLevel.MEMORY_AND_DISK());
      // Registered once, for the summary and the MERGE alike. Why: dropping or replacing a view of
      // a cached Dataset may uncache it, and the MERGE would compute the change set again.
      String changesView = "stedi_changes_" + table.viewName();
      changes.createOrReplaceTempView(changesView);
      ChangeSummary summary = summarize(spark, changesView);
      MergeResult result =
          new MergeResult(
              table,
              rowsRead,
              summary.rows("insert"),
              summary.rows("update"),
              summary.rows("delete"),
              null,
              range);
      if (!result.changed()) {
        return result;
      }
      commit(spark, columns, changesView, targetFilter(summary), run.runId(), pinned);
      return result.withSnapshot(IcebergTables.currentSnapshotId(spark, table));
    } finally {
      materialized.forEach(Dataset::unpersist);
      if (changes != null) {
        changes.unpersist();
      }
    }
  }

  /**
   * Views the stage's SQL reads besides {@code scope}, each computed once, after the scope, from
   * {@code sql/<zone>/<table>.<view>.sql}.
   */
  protected List<String> stagedViews() {
    return List.of();
  }

  /**
   * Computes a view once and registers it. Why: Spark estimates a join's size as the product of its
   * sides, so a view built by a join looks huge and every join with a whole table would shuffle
   * that table; a cached view carries its real size, so the planner broadcasts it when it is small
   * (a night's scope) and shuffles only when it is not (a full recompute).
   *
   * <p>A view with the day column is registered behind a filter on it that every row meets ({@code
   * >=} its least value; the column is never null in scope). Why: Spark prunes a joined table's
   * partitions at run time only when the other side of the join has a filter, and a cached view has
   * none.
   */
  private void materialize(Dataset<Row> rows, String view, List<Dataset<Row>> held) {
    Dataset<Row> cached = rows.persist(StorageLevel.MEMORY_AND_DISK());
    held.add(cached);
    Dataset<Row> registered = cached;
    if (partitionColumn != null && Arrays.asList(cached.columns()).contains(partitionColumn)) {
      Object least = cached.agg(min(col(partitionColumn))).first().get(0);
      if (least != null) {
        registered = cached.where(col(partitionColumn).geq(lit(least)));
      }
    } else {
      cached.count();
    }
    registered.createOrReplaceTempView(view);
  }

  private Dataset<Row> scope(SparkSession spark, boolean full) {
    Dataset<Row> scope = spark.sql(SqlScript.load(scopeResource()));
    if (full) {
      // A full recompute must also reach rows whose inputs are gone (a customer who withdrew).
      Column[] columns = scopeColumns().stream().map(c -> col(c)).toArray(Column[]::new);
      scope = scope.select(columns).union(spark.table(table.sqlName()).select(columns));
    }
    return scope.distinct();
  }

  private Dataset<Row> changeSet(SparkSession spark, List<String> columns) {
    String view = table.viewName();
    spark.sql(SqlScript.load(table.sqlResource())).createOrReplaceTempView("stedi_desired_" + view);
    spark
        .sql(
            String.format(
                "select t.* from %s as t left semi join scope as s on %s",
                table.sqlName(), match(scopeKey, "t", "s")))
        .createOrReplaceTempView("stedi_current_" + view);
    Map<String, String> ids = new HashMap<>();
    ids.put("desired", "stedi_desired_" + view);
    ids.put("current", "stedi_current_" + view);
    ids.put("columns", String.join(", ", columns));
    ids.put("key_match", nullSafeMatch(key, "d", "c"));
    ids.put("row_match", nullSafeMatch(columns, "d", "c"));
    ids.put(
        "chosen_columns",
        columns.stream()
            .map(c -> "if(d._present, d." + c + ", c." + c + ") as " + c)
            .collect(Collectors.joining(", ")));
    return spark.sql(SqlScript.render(SqlScript.load("sql/merge/changes.sql"), ids));
  }

  private void commit(
      SparkSession spark,
      List<String> columns,
      String changes,
      String targetFilter,
      String runId,
      Positions pinned) {
    Map<String, String> ids = new HashMap<>();
    ids.put("target", table.sqlName());
    ids.put("changes", changes);
    ids.put("key_match", match(key, "t", "c"));
    ids.put("target_filter", targetFilter);
    ids.put(
        "assignments",
        columns.stream().map(c -> "t." + c + " = c." + c).collect(Collectors.joining(", ")));
    ids.put("columns", String.join(", ", columns));
    ids.put("values", columns.stream().map(c -> "c." + c).collect(Collectors.joining(", ")));
    String merge = SqlScript.render(SqlScript.load("sql/merge/merge.sql"), ids);

    Map<String, String> summary = new LinkedHashMap<>(pinned.summaryProperties());
    summary.put(IcebergTables.RUN_ID_PROPERTY, runId);
    CommitMetadata.withCommitProperties(summary, () -> spark.sql(merge), RuntimeException.class);
  }

  /**
   * The change set's rows of each kind, and the first key values and days of its updates and
   * deletes, from one query over the (cached) change set: each further query would cost a Spark
   * job.
   */
  private ChangeSummary summarize(SparkSession spark, String changes) {
    Map<String, String> ids = new HashMap<>();
    ids.put("changes", changes);
    ids.put("first_key", key.get(0));
    ids.put("day", partitionColumn == null ? "cast(null as timestamp)" : partitionColumn);
    ids.put("max_values", String.valueOf(MAX_FILTER_VALUES + 1));
    ChangeSummary summary = new ChangeSummary();
    spark
        .sql(SqlScript.render(SqlScript.load("sql/merge/change_summary.sql"), ids))
        .collectAsList()
        .forEach(summary::add);
    return summary;
  }

  /**
   * A condition on the target alone that keeps every row an update or delete matches: the first key
   * column in the (few) values those changes carry, and the partition column in their days. Inserts
   * match no row by construction.
   *
   * <p>Why: a MERGE with an insert clause joins the target right-outer with the changes, which
   * Spark can neither broadcast nor prune at run time, so it would read and shuffle every target
   * row. Past {@link #MAX_FILTER_VALUES} key values, or with a null among them, the key part is
   * left out; with a null day, the day part.
   */
  private String targetFilter(ChangeSummary summary) {
    if (summary.rows("update") + summary.rows("delete") == 0) {
      return "false";
    }
    List<String> conditions = new ArrayList<>();
    if (!summary.nullKey && summary.matchedKeys.size() <= MAX_FILTER_VALUES) {
      conditions.add(
          "t."
              + key.get(0)
              + " in ("
              + summary.matchedKeys.stream()
                  .map(v -> lit(v).expr().sql())
                  .collect(Collectors.joining(", "))
              + ")");
    }
    if (partitionColumn != null && !summary.nullDay) {
      conditions.add(DayRanges.of(summary.matchedDays).condition("t." + partitionColumn));
    }
    return conditions.isEmpty() ? "true" : String.join(" and ", conditions);
  }

  /** What {@link #summarize} found. */
  private static final class ChangeSummary {
    private final Map<String, Long> rows = new HashMap<>();
    private final Set<Object> matchedKeys = new LinkedHashSet<>();
    private final Set<LocalDate> matchedDays = new HashSet<>();
    private boolean nullKey;
    private boolean nullDay;

    void add(Row kind) {
      rows.put(kind.getString(0), kind.getLong(1));
      matchedKeys.addAll(kind.getList(2));
      kind.<Date>getList(3).forEach(d -> matchedDays.add(d.toLocalDate()));
      nullKey |= kind.getBoolean(4);
      nullDay |= kind.getBoolean(5);
    }

    long rows(String kind) {
      return rows.getOrDefault(kind, 0L);
    }
  }

  private List<String> scopeColumns() {
    List<String> columns = new ArrayList<>(scopeKey);
    if (partitionColumn != null) {
      columns.add(partitionColumn);
    }
    return columns;
  }

  /** Key equality with the table: null-safe, plus {@code =} on the partition column. */
  private String match(List<String> columns, String left, String right) {
    String keys = nullSafeMatch(columns, left, right);
    return partitionColumn == null
        ? keys
        : left + "." + partitionColumn + " = " + right + "." + partitionColumn + " and " + keys;
  }

  private String scopeResource() {
    return stagedViewResource("scope");
  }

  private String stagedViewResource(String view) {
    return table.sqlResource().replace(".sql", "." + view + ".sql");
  }

  private static String nullSafeMatch(List<String> columns, String left, String right) {
    return columns.stream()
        .map(c -> left + "." + c + " <=> " + right + "." + c)
        .collect(Collectors.joining(" and "));
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
