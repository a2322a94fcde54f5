package com.stedi.lakehouse.erasure;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.SparkSession;

/**
 * The erasure check for every withdrawn customer at once: each trusted, curated and ops table's
 * files are scanned once, joined against the whole withdrawn set ({@link WithdrawnRows}), and a
 * snapshot is read once when one of its files holds a customer not yet placed. For each customer it
 * finds the first blocking place {@link ErasureCheck#check} would list: the first table (in {@link
 * LakehouseTable} order) that holds them, and there main's live rows, else another snapshot, else
 * the first file (by path) that holds them. Reads only.
 */
final class WithdrawnCustomersCheck {
  /** The kinds of holding in the order the per-subject report lists them. */
  private static final List<String> KINDS =
      List.of("live", "snapshot", "data_file", "delete_file", "unreferenced_file");

  private final SparkSession spark;

  WithdrawnCustomersCheck(SparkSession spark) {
    this.spark = spark;
  }

  WithdrawnCustomers run() {
    spark.sparkContext().setJobDescription("erasure-check: withdrawn customers");
    String unreadable = unreadableLocation();
    if (unreadable != null) {
      return WithdrawnCustomers.notChecked(unreadable);
    }
    try (WithdrawnRows rows = new WithdrawnRows(spark)) {
      List<String> withdrawn = rows.emails();
      if (withdrawn.isEmpty()) {
        return new WithdrawnCustomers(0, 0, Map.of());
      }
      Map<String, String> held = firstHoldings(rows);
      return new WithdrawnCustomers(withdrawn.size() - held.size(), held.size(), counted(held));
    }
  }

  /**
   * Why the files cannot be read directly, or null: Spark reads them through Hadoop, which may have
   * no file system for the warehouse's scheme (s3:// without hadoop-aws on the classpath).
   */
  private String unreadableLocation() {
    for (LakehouseTable t : LakehouseTable.values()) {
      if (t.zone().equals("landing")) {
        continue; // read through Iceberg only
      }
      String location = IcebergTables.load(spark, t).location();
      try {
        new Path(location).getFileSystem(spark.sparkContext().hadoopConfiguration());
      } catch (IOException e) {
        return "the files of " + t.logicalName() + " cannot be read directly: " + e.getMessage();
      }
    }
    return null;
  }

  /** The first blocking place ("table kind") of each withdrawn customer still held. */
  Map<String, String> firstHoldings() {
    try (WithdrawnRows rows = new WithdrawnRows(spark)) {
      return firstHoldings(rows);
    }
  }

  private Map<String, String> firstHoldings(WithdrawnRows rows) {
    Map<String, String> first = new TreeMap<>();
    for (LakehouseTable t : LakehouseTable.values()) {
      if (t.zone().equals("landing")) {
        continue; // landing keeps raw deliveries by design: never blocking
      }
      kinds(t, rows).forEach((subject, kind) -> first.putIfAbsent(subject, placeOf(t, kind)));
    }
    return first;
  }

  /** For each withdrawn customer the table holds, the first kind of holding. */
  private Map<String, String> kinds(LakehouseTable t, WithdrawnRows rows) {
    Table table = IcebergTables.load(spark, t);
    TableFiles files = TableFiles.of(table);
    Map<String, Map<String, Long>> holdingFiles =
        new FileScan(spark, t, rows, files).rowsPerSubjectAndFile();
    Map<String, String> kinds = new TreeMap<>();
    if (holdingFiles.isEmpty()) {
      return kinds; // no file holds them, so no snapshot can
    }
    for (Snapshot s : currentFirst(table)) {
      Set<String> referenced = files.bySnapshot.get(s.snapshotId());
      Set<String> candidates = new HashSet<>();
      holdingFiles.forEach(
          (subject, paths) -> {
            if (!kinds.containsKey(subject)
                && paths.keySet().stream().anyMatch(referenced::contains)) {
              candidates.add(subject);
            }
          });
      if (candidates.isEmpty()) {
        continue;
      }
      boolean live = s.equals(table.currentSnapshot());
      for (String subject : subjectsAt(t, rows, s.snapshotId())) {
        if (candidates.contains(subject)) {
          kinds.put(subject, live ? "live" : "snapshot");
        }
      }
    }
    holdingFiles.forEach(
        (subject, paths) -> {
          if (!kinds.containsKey(subject)) {
            kinds.put(subject, files.kind(Collections.min(paths.keySet())));
          }
        });
    return kinds;
  }

  private static List<Snapshot> currentFirst(Table table) {
    List<Snapshot> snapshots = new ArrayList<>();
    Snapshot current = table.currentSnapshot();
    if (current != null) {
      snapshots.add(current);
    }
    for (Snapshot s : table.snapshots()) {
      if (current == null || s.snapshotId() != current.snapshotId()) {
        snapshots.add(s);
      }
    }
    return snapshots;
  }

  private List<String> subjectsAt(LakehouseTable t, WithdrawnRows rows, long snapshotId) {
    return rows
        .bySubject(t, ErasureCheck.version(spark, t, snapshotId))
        .select(SubjectMatch.SUBJECT)
        .distinct()
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  private static String placeOf(LakehouseTable t, String kind) {
    return t.logicalName() + " " + kind;
  }

  /** Customers per place, in table order, then in the order of {@link #KINDS}. */
  private static Map<String, Long> counted(Map<String, String> held) {
    List<String> order = new ArrayList<>();
    for (LakehouseTable t : LakehouseTable.values()) {
      KINDS.forEach(kind -> order.add(placeOf(t, kind)));
    }
    Map<String, Long> counts = new TreeMap<>(Comparator.comparingInt(order::indexOf));
    held.values().forEach(place -> counts.merge(place, 1L, Long::sum));
    return new LinkedHashMap<>(counts);
  }
}
