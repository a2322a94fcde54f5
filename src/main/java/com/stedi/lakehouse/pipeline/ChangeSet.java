package com.stedi.lakehouse.pipeline;

import static org.apache.spark.sql.functions.lit;

import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.sql.SqlScript;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The change set of a stage ({@code sql/merge/changes.sql}): what makes the table's rows in scope
 * equal to the rows its SQL gives for the keys in scope, one row per key to insert, update or
 * delete. It is computed once (persisted) and summarized in one query; its write is an append when
 * it only inserts ({@code sql/merge/append.sql}), else one MERGE ({@code sql/merge/merge.sql}).
 */
final class ChangeSet {
  static final int MAX_FILTER_VALUES = 10_000;

  private final SparkSession spark;
  private final Stage stage;
  private final List<String> columns;
  private final String view;
  private final ChangeSummary summary;

  private ChangeSet(
      SparkSession spark, Stage stage, List<String> columns, String view, ChangeSummary summary) {
    this.spark = spark;
    this.stage = stage;
    this.columns = columns;
    this.view = view;
    this.summary = summary;
  }

  /**
   * Computes the change set of the views {@code desired} and {@code current} ({@code views}: their
   * names) and summarizes it, in one Spark action; the persisted rows join {@code held}.
   */
  static ChangeSet compute(
      SparkSession spark,
      Stage stage,
      List<String> columns,
      Map<String, String> views,
      List<Dataset<Row>> held) {
    Dataset<Row> changes =
        changeSet(spark, stage, columns, views).persist(StorageLevel.MEMORY_AND_DISK());
    held.add(changes);
    // Registered once, for the summary and the write alike. Why: dropping or replacing a view of
    // a cached Dataset may uncache it, and the write would compute the change set again.
    String view = "stedi_changes_" + stage.table().viewName();
    changes.createOrReplaceTempView(view);
    return new ChangeSet(spark, stage, columns, view, summarize(spark, stage, view));
  }

  /** The change set's rows of a kind: {@code insert}, {@code update} or {@code delete}. */
  long rows(String kind) {
    return summary.rows(kind);
  }

  /** The statement that writes the change set: an append when it only inserts, else a MERGE. */
  String writeSql() {
    String sql = rows("update") + rows("delete") == 0 ? "append" : "merge";
    return SqlScript.render(SqlScript.load("sql/merge/" + sql + ".sql"), writeIds());
  }

  private static Dataset<Row> changeSet(
      SparkSession spark, Stage stage, List<String> columns, Map<String, String> views) {
    Map<String, String> ids = new HashMap<>(views);
    ids.put("columns", String.join(", ", columns));
    ids.put("key_match", Stage.nullSafeMatch(stage.key(), "d", "c"));
    ids.put("row_match", Stage.nullSafeMatch(columns, "d", "c"));
    ids.put(
        "chosen_columns",
        columns.stream()
            .map(c -> "if(d._present, d." + c + ", c." + c + ") as " + c)
            .collect(Collectors.joining(", ")));
    return spark.sql(SqlScript.render(SqlScript.load("sql/merge/changes.sql"), ids));
  }

  /** The names {@code sql/merge/append.sql} and {@code merge.sql} take. */
  private Map<String, String> writeIds() {
    Map<String, String> ids = new HashMap<>();
    ids.put("target", Namespaces.of(spark).name(stage.table()));
    ids.put("changes", view);
    ids.put("key_match", stage.match(stage.key(), "t", "c"));
    ids.put("target_filter", targetFilter());
    ids.put(
        "assignments",
        columns.stream().map(c -> "t." + c + " = c." + c).collect(Collectors.joining(", ")));
    ids.put("columns", String.join(", ", columns));
    ids.put("values", columns.stream().map(c -> "c." + c).collect(Collectors.joining(", ")));
    return ids;
  }

  /**
   * The change set's rows of each kind, and the first key values and days of its updates and
   * deletes, from one query over the (cached) change set: each further query would cost a Spark
   * job.
   */
  private static ChangeSummary summarize(SparkSession spark, Stage stage, String changes) {
    Map<String, String> ids = new HashMap<>();
    ids.put("changes", changes);
    ids.put("first_key", stage.key().get(0));
    ids.put("day", stage.dayColumn() == null ? "cast(null as timestamp)" : stage.dayColumn());
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
  private String targetFilter() {
    if (summary.rows("update") + summary.rows("delete") == 0) {
      return "false";
    }
    List<String> conditions = new ArrayList<>();
    if (!summary.nullKey && summary.matchedKeys.size() <= MAX_FILTER_VALUES) {
      conditions.add(
          "t."
              + stage.key().get(0)
              + " in ("
              + summary.matchedKeys.stream()
                  .map(v -> lit(v).expr().sql())
                  .collect(Collectors.joining(", "))
              + ")");
    }
    if (stage.dayColumn() != null && !summary.nullDay) {
      conditions.add(DayRanges.of(summary.matchedDays).condition("t." + stage.dayColumn()));
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
}
