package com.stedi.lakehouse.transform;

import static org.apache.spark.sql.functions.col;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.ingest.LandingIngest;
import com.stedi.lakehouse.sql.SqlScript;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Brings one trusted or curated table to the contents its SQL ({@code sql/<zone>/<table>.sql})
 * describes, with one Iceberg {@code MERGE INTO}: inserts, updates and deletes in one commit.
 *
 * <p>The change set is computed first (desired rows against current rows by merge key) so that a
 * run with nothing to change commits nothing: a MERGE would otherwise publish an empty snapshot.
 * A rerun is safe: the second run finds an empty change set.
 */
public abstract class ZoneMerge {
  private final LakehouseTable table;
  private final List<String> key;

  protected ZoneMerge(LakehouseTable table, List<String> key) {
    this.table = table;
    this.key = List.copyOf(key);
  }

  public LakehouseTable table() {
    return table;
  }

  public List<String> key() {
    return key;
  }

  /** Merges the change set into the table; the commit carries the run id in its summary. */
  public MergeResult merge(SparkSession spark, String runId) {
    spark.sparkContext().setJobDescription("merge " + table);
    String view = table.sqlName().replace('.', '_');
    String desiredView = "stedi_desired_" + view;
    String changesView = "stedi_changes_" + view;
    spark.sql(SqlScript.load(table.sqlResource())).createOrReplaceTempView(desiredView);
    List<String> columns = Arrays.asList(spark.table(table.sqlName()).columns());

    Dataset<Row> changes =
        spark
            .sql(SqlScript.render(SqlScript.load("sql/merge/changes.sql"), changeSetIds(columns, desiredView)))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> counts = countByChange(changes);
      MergeResult result =
          new MergeResult(
              table,
              counts.getOrDefault("insert", 0L),
              counts.getOrDefault("update", 0L),
              counts.getOrDefault("delete", 0L),
              null);
      if (!result.changed()) {
        return result;
      }
      changes.createOrReplaceTempView(changesView);
      String merge = SqlScript.render(SqlScript.load("sql/merge/merge.sql"), mergeIds(columns, changesView));
      CommitMetadata.withCommitProperties(
          Map.of(LandingIngest.RUN_ID_PROPERTY, runId),
          () -> spark.sql(merge),
          RuntimeException.class);
      return new MergeResult(
          table,
          result.inserted(),
          result.updated(),
          result.deleted(),
          IcebergTables.currentSnapshotId(spark, table));
    } finally {
      changes.unpersist();
    }
  }

  private Map<String, String> changeSetIds(List<String> columns, String desiredView) {
    Map<String, String> ids = new HashMap<>();
    ids.put("target", table.sqlName());
    ids.put("desired", desiredView);
    ids.put("columns", String.join(", ", columns));
    ids.put("key_match", nullSafeMatch(key, "d", "c", " and "));
    ids.put("row_match", nullSafeMatch(columns, "d", "c", " and "));
    return ids;
  }

  private Map<String, String> mergeIds(List<String> columns, String changesView) {
    Map<String, String> ids = new HashMap<>();
    ids.put("target", table.sqlName());
    ids.put("changes", changesView);
    ids.put("key_match", nullSafeMatch(key, "t", "c", " and "));
    ids.put(
        "assignments",
        columns.stream().map(c -> "t." + c + " = c." + c).collect(Collectors.joining(", ")));
    ids.put("columns", String.join(", ", columns));
    ids.put("values", columns.stream().map(c -> "c." + c).collect(Collectors.joining(", ")));
    return ids;
  }

  private static String nullSafeMatch(List<String> columns, String left, String right, String and) {
    return columns.stream()
        .map(c -> left + "." + c + " <=> " + right + "." + c)
        .collect(Collectors.joining(and));
  }

  private static Map<String, Long> countByChange(Dataset<Row> changes) {
    Map<String, Long> counts = new HashMap<>();
    changes.groupBy(col("_change")).count().collectAsList()
        .forEach(r -> counts.put(r.getString(0), r.getLong(1)));
    return counts;
  }
}
