package com.stedi.lakehouse.erasure;

import com.stedi.lakehouse.audit.Pseudonyms;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.config.MaintenanceSettings;
import com.stedi.lakehouse.sql.RowCounts;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The erasure receipt: for one subject (an e-mail), every place in every table of the lakehouse
 * that still holds their rows — main's live rows, every other snapshot still in metadata and the
 * refs (tags, branches) whose head holds them, the data and delete files snapshots reference, and
 * the Parquet files under the table's location that no snapshot references — each with the date it
 * will be gone under the maintenance settings ({@link Retention}).
 *
 * <p>Files are read directly (not through Iceberg), every one under each table's location; a
 * snapshot is read by time travel only when one of its data files holds the subject, so a table
 * none of whose files holds them costs one scan. Reads only; safe beside a run.
 */
public final class ErasureCheck {
  private final SparkSession spark;
  private final Retention retention;

  public ErasureCheck(SparkSession spark, MaintenanceSettings settings, Clock clock) {
    this.spark = spark;
    this.retention = new Retention(settings, clock.instant());
  }

  /** Every place that holds the subject whose e-mail this is. */
  public ErasureReport check(String email) {
    spark.sparkContext().setJobDescription("erasure-check");
    Subject subject = Subject.find(spark, email);
    SubjectRows rows = new SubjectRows(spark, subject);
    List<Holding> holdings = new ArrayList<>();
    for (LakehouseTable t : LakehouseTable.values()) {
      holdings.addAll(holdings(t, subject, rows));
    }
    return new ErasureReport(
        Pseudonyms.of(spark).customer(subject.email()),
        holdings.stream().noneMatch(Holding::blocking),
        retention.describe(),
        holdings);
  }

  /**
   * For `stedi maintain`: of the customers who withdrew (their latest landing record gives no
   * research consent, an earlier one did), how many nothing in trusted, curated or ops holds any
   * more, and how many are still held, by the first table and kind holding each. One scan of each
   * table's files for all of them ({@link WithdrawnCustomersCheck}).
   */
  public WithdrawnCustomers withdrawnCustomers() {
    return new WithdrawnCustomersCheck(spark).run();
  }

  private List<Holding> holdings(LakehouseTable t, Subject subject, SubjectRows rows) {
    Table table = IcebergTables.load(spark, t);
    TableFiles files = TableFiles.of(table);
    Map<String, Long> holdingFiles =
        new FileScan(spark, t, rows, files)
            .rowsPerSubjectAndFile()
            .getOrDefault(subject.email(), Map.of());
    if (holdingFiles.isEmpty()) {
      return List.of(); // no file holds them, so no snapshot can
    }
    Retention.OfTable rules = retention.of(t, table, files, subject);
    List<Holding> found = new ArrayList<>();
    List<Long> candidates = new ArrayList<>();
    for (Snapshot s : table.snapshots()) {
      Set<String> referenced = files.bySnapshot.get(s.snapshotId());
      if (holdingFiles.keySet().stream().anyMatch(referenced::contains)) {
        candidates.add(s.snapshotId());
      }
    }
    Map<Long, Long> rowsPerSnapshot = rowsAt(t, rows, candidates);
    Long current = table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId();
    if (current != null && rowsPerSnapshot.containsKey(current)) {
      found.add(holding(t, "live", "main", rowsPerSnapshot.get(current), rules.live()));
    }
    rowsPerSnapshot.forEach(
        (id, n) -> {
          if (!id.equals(current)) {
            found.add(holding(t, "snapshot", Long.toString(id), n, rules.snapshot(id)));
          }
        });
    table.refs().entrySet().stream()
        .filter(e -> !e.getKey().equals("main"))
        .filter(e -> rowsPerSnapshot.containsKey(e.getValue().snapshotId()))
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                found.add(
                    holding(
                        t,
                        e.getValue().isTag() ? "tag" : "branch",
                        e.getKey(),
                        rowsPerSnapshot.get(e.getValue().snapshotId()),
                        rules.ref(e.getKey()))));
    holdingFiles.forEach(
        (path, n) -> {
          found.add(holding(t, files.kind(path), files.relative(path), n, rules.file(path)));
        });
    return found;
  }

  private static Holding holding(
      LakehouseTable t, String kind, String name, long rows, GoneBy goneBy) {
    return new Holding(t.logicalName(), kind, name, rows, goneBy, !t.zone().equals("landing"));
  }

  /**
   * The subject's rows in each of these snapshots that holds any, in their order, counted in one
   * query ({@link RowCounts}; a table keeps a week of nightly snapshots).
   */
  private Map<Long, Long> rowsAt(LakehouseTable t, SubjectRows rows, List<Long> snapshotIds) {
    List<Long> counts =
        RowCounts.of(snapshotIds.stream().map(id -> rows.of(t, version(spark, t, id))).toList());
    Map<Long, Long> held = new LinkedHashMap<>();
    for (int i = 0; i < snapshotIds.size(); i++) {
      if (counts.get(i) > 0) {
        held.put(snapshotIds.get(i), counts.get(i));
      }
    }
    return held;
  }

  /** A table as one snapshot holds it, read outside any run's write-audit-publish branch. */
  static Dataset<Row> version(SparkSession spark, LakehouseTable t, long snapshotId) {
    return IcebergTables.withoutWapBranch(
        spark,
        () ->
            spark
                .read()
                .format("iceberg")
                .option("snapshot-id", snapshotId)
                .load(Namespaces.of(spark).name(t)));
  }

  /** Shorthand for settings in days, as the README and the output write them. */
  static String days(Duration d) {
    return d.toDays() * 24 * 3600 == d.getSeconds() ? d.toDays() + "d" : d.toString();
  }
}
