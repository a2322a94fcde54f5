package com.stedi.lakehouse.pipeline;

import static com.stedi.lakehouse.pipeline.Positions.NO_SNAPSHOT;
import static org.apache.spark.sql.functions.col;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.pipeline.RunContext.ZoneInputChanges;
import com.stedi.lakehouse.sql.SqlScript;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Registers the views a stage's SQL reads its inputs through, between the snapshot the stage last
 * consumed and the one it consumes now:
 *
 * <ul>
 *   <li>a landing table T: {@code <zone>_<t>_delta}, the rows appended since (an Iceberg
 *       incremental read of append snapshots; landing is append-only);
 *   <li>a zone table T: {@code <zone>_<t>_now}, {@code <zone>_<t>_before} and {@code
 *       <zone>_<t>_changes}, the keys that entered, left or changed in between.
 * </ul>
 *
 * In a full recompute (first run, or a consumed snapshot that maintenance has expired) every delta
 * is the whole table and {@code before} equals {@code now}; the caller then widens the scope to
 * every row of the target.
 */
final class StageInputs {
  /** The key whose rows a zone input's {@code _changes} view compares. */
  private static final Map<LakehouseTable, List<String>> CHANGE_KEYS =
      Map.of(
          LakehouseTable.TRUSTED_CUSTOMER, List.of("email"),
          LakehouseTable.CURATED_CUSTOMER, List.of("email", "serial_number"));

  private final SparkSession spark;

  StageInputs(SparkSession spark) {
    this.spark = spark;
  }

  /** The snapshot of each input the stage will consume now. */
  Positions pin(List<LakehouseTable> inputs, RunContext run) {
    Map<LakehouseTable, Long> pinned = new LinkedHashMap<>();
    for (LakehouseTable input : inputs) {
      Long id =
          input.zone().equals("landing")
              ? run.landingSnapshots().get(input)
              : IcebergTables.currentSnapshotId(spark, input);
      pinned.put(input, id == null ? NO_SNAPSHOT : id);
    }
    return new Positions(pinned);
  }

  /**
   * True when no input has gained or lost a row since the snapshot the stage consumed: the stage
   * would change nothing. Row-neutral snapshots ({@link Positions#rowsUnchanged}) do not count.
   */
  boolean rowsUnchanged(Positions consumed, Positions pinned) {
    for (Map.Entry<LakehouseTable, Long> e : pinned.snapshots().entrySet()) {
      Long from = consumed.of(e.getKey());
      if (from == null || !rowsUnchanged(e.getKey(), from, e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private boolean rowsUnchanged(LakehouseTable input, long from, long to) {
    return from == to
        || (from != NO_SNAPSHOT
            && to != NO_SNAPSHOT
            && Positions.rowsUnchanged(IcebergTables.load(spark, input), from, to));
  }

  /** True when every consumed snapshot is still there to read from incrementally. */
  boolean canReadIncrementally(Positions consumed, Positions pinned) {
    for (Map.Entry<LakehouseTable, Long> e : pinned.snapshots().entrySet()) {
      Long from = consumed.of(e.getKey());
      if (from == null) {
        return false;
      }
      if (from != NO_SNAPSHOT && !from.equals(e.getValue())) {
        Table table = IcebergTables.load(spark, e.getKey());
        boolean readable =
            e.getKey().zone().equals("landing")
                ? Positions.appendsReadable(table, from, e.getValue())
                : table.snapshot(from) != null;
        if (!readable) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * What {@link #register} registered: the landing rows read (the deltas' sizes), and whether a
   * zone input gained, lost or changed a key.
   */
  record Registered(long rowsRead, boolean zoneInputsChanged) {}

  /**
   * Registers every input's views. A zone input's changes between two snapshots are computed once
   * per run ({@code run}) for every stage that reads them.
   */
  Registered register(Positions consumed, Positions pinned, boolean full, RunContext run) {
    long rowsRead = 0;
    boolean zoneInputsChanged = false;
    for (Map.Entry<LakehouseTable, Long> e : pinned.snapshots().entrySet()) {
      LakehouseTable input = e.getKey();
      Long from = full ? NO_SNAPSHOT : consumed.of(input);
      String prefix = input.viewName();
      if (input.zone().equals("landing")) {
        between(input, from, e.getValue()).createOrReplaceTempView(prefix + "_delta");
        rowsRead += rowsAppended(input, from, e.getValue());
      } else {
        long now = e.getValue();
        long before = full ? now : from;
        ZoneInputChanges changes =
            run.zoneInputChanges()
                .computeIfAbsent(
                    prefix + ":" + before + ".." + now,
                    range -> changes(input, prefix, before, now));
        changes.keys().createOrReplaceTempView(prefix + "_changes");
        zoneInputsChanged |= !changes.none();
        // The head the stages read: the snapshot pinned, as nothing writes the input meanwhile.
        (now == NO_SNAPSHOT ? empty(input) : spark.table(Namespaces.of(spark).name(input)))
            .createOrReplaceTempView(prefix + "_now");
      }
    }
    return new Registered(rowsRead, zoneInputsChanged);
  }

  /**
   * The keys of a zone input that entered, left or changed between two snapshots, held on the
   * driver (a night's changed customers are few): the planner then knows the view's size, and drops
   * every branch that joins with it when it is empty. Read with the run's branch unset: Iceberg
   * refuses a snapshot id and a branch in one read.
   */
  private ZoneInputChanges changes(LakehouseTable input, String prefix, long before, long now) {
    return IcebergTables.withoutWapBranch(
        spark,
        () -> {
          at(input, now).createOrReplaceTempView(prefix + "_now");
          at(input, before).createOrReplaceTempView(prefix + "_before");
          Dataset<Row> changed = spark.sql(changesSql(input, prefix));
          // Snapshots that hold the same rows have no changes: no query needed to know it.
          List<Row> rows = rowsUnchanged(input, before, now) ? List.of() : changed.collectAsList();
          return new ZoneInputChanges(
              spark.createDataFrame(rows, changed.schema()), rows.isEmpty());
        });
  }

  /** How many rows the snapshots after {@code from} up to {@code to} appended, from metadata. */
  private long rowsAppended(LakehouseTable input, long from, long to) {
    if (to == NO_SNAPSHOT || from == to) {
      return 0;
    }
    Table table = IcebergTables.load(spark, input);
    if (from == NO_SNAPSHOT) {
      return summaryCount(table.snapshot(to), "total-records");
    }
    long rows = 0;
    for (Snapshot snapshot : SnapshotUtil.ancestorsBetween(table, to, from)) {
      // As the incremental read does: compaction (replace) snapshots add no new rows.
      if (DataOperations.APPEND.equals(snapshot.operation())) {
        rows += summaryCount(snapshot, "added-records");
      }
    }
    return rows;
  }

  private static long summaryCount(Snapshot snapshot, String key) {
    String value = snapshot.summary().get(key);
    return value == null ? 0 : Long.parseLong(value);
  }

  /** The rows of a table appended after {@code from} up to {@code to}. */
  private Dataset<Row> between(LakehouseTable table, long from, long to) {
    if (to == NO_SNAPSHOT || from == to) {
      return empty(table);
    }
    if (from == NO_SNAPSHOT) {
      return at(table, to);
    }
    // A filter every row meets. Why: without a filter Iceberg sizes a read of a partitioned
    // table as its whole snapshot, so the planner would shuffle every table the night's few rows
    // join with; given a filter, it sizes the files it reads.
    return spark
        .read()
        .format("iceberg")
        .option("start-snapshot-id", from)
        .option("end-snapshot-id", to)
        .load(Namespaces.of(spark).name(table))
        .where(col("run_id").isNull().or(col("run_id").isNotNull()));
  }

  private Dataset<Row> at(LakehouseTable table, long snapshot) {
    if (snapshot == NO_SNAPSHOT) {
      return empty(table);
    }
    return spark
        .read()
        .format("iceberg")
        .option("snapshot-id", snapshot)
        .load(Namespaces.of(spark).name(table));
  }

  private Dataset<Row> empty(LakehouseTable table) {
    return spark.table(Namespaces.of(spark).name(table)).limit(0);
  }

  private static String changesSql(LakehouseTable input, String prefix) {
    List<String> key = CHANGE_KEYS.get(input);
    Map<String, String> ids = new HashMap<>();
    ids.put("before", prefix + "_before");
    ids.put("now", prefix + "_now");
    ids.put("key", String.join(", ", key));
    ids.put("first_key", key.get(0));
    ids.put(
        "coalesced_key",
        key.stream()
            .map(k -> "coalesce(a." + k + ", r." + k + ") as " + k)
            .collect(Collectors.joining(", ")));
    ids.put(
        "key_match",
        key.stream().map(k -> "a." + k + " <=> r." + k).collect(Collectors.joining(" and ")));
    return SqlScript.render(SqlScript.load("sql/merge/input_changes.sql"), ids);
  }
}
