package com.stedi.lakehouse.transform;

import static org.apache.spark.sql.functions.col;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.sql.SqlScript;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
    Positions consumed = Positions.latest(IcebergTables.load(spark, table));
    Positions pinned = stageInputs.pin(inputs, run);
    if (consumed.equals(pinned)) {
      return MergeResult.nothingNew(table);
    }
    boolean full = !stageInputs.canReadIncrementally(consumed, pinned);
    long rowsRead = stageInputs.register(consumed, pinned, full);
    String range = (full ? new Positions(Map.of()) : consumed).describeRangeTo(pinned);

    Dataset<Row> scope = scope(spark, full).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> changes = null;
    try {
      // Materialized first, so the planner knows the scope is small and broadcasts it into the
      // joins with whole tables instead of shuffling them.
      scope.count();
      scope.createOrReplaceTempView("scope");
      List<String> columns = Arrays.asList(spark.table(table.sqlName()).columns());
      changes = changeSet(spark, columns).persist(StorageLevel.MEMORY_AND_DISK());
      Map<String, Long> counts = countByChange(changes);
      MergeResult result =
          new MergeResult(
              table,
              rowsRead,
              counts.getOrDefault("insert", 0L),
              counts.getOrDefault("update", 0L),
              counts.getOrDefault("delete", 0L),
              null,
              range);
      if (!result.changed()) {
        return result;
      }
      commit(spark, columns, changes, run.runId(), pinned);
      return result.withSnapshot(IcebergTables.currentSnapshotId(spark, table));
    } finally {
      scope.unpersist();
      if (changes != null) {
        changes.unpersist();
      }
    }
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
    String view = table.sqlName().replace('.', '_');
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
      Dataset<Row> changes,
      String runId,
      Positions pinned) {
    String view = "stedi_changes_" + table.sqlName().replace('.', '_');
    changes.createOrReplaceTempView(view);
    Map<String, String> ids = new HashMap<>();
    ids.put("target", table.sqlName());
    ids.put("changes", view);
    ids.put("key_match", match(key, "t", "c"));
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
    return table.sqlResource().replace(".sql", ".scope.sql");
  }

  private static String nullSafeMatch(List<String> columns, String left, String right) {
    return columns.stream()
        .map(c -> left + "." + c + " <=> " + right + "." + c)
        .collect(Collectors.joining(" and "));
  }

  private static Map<String, Long> countByChange(Dataset<Row> changes) {
    Map<String, Long> counts = new HashMap<>();
    changes
        .groupBy(col("_change"))
        .count()
        .collectAsList()
        .forEach(r -> counts.put(r.getString(0), r.getLong(1)));
    return counts;
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
