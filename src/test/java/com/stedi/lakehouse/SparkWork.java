package com.stedi.lakehouse;

import com.stedi.lakehouse.catalog.CatalogState;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * What a block of code cost, counted as issue 20's decision 1 counts a run: the Spark SQL
 * executions that ran at least one Spark job (jobs grouped by their {@code
 * spark.sql.execution.id}), the jobs that ran outside any execution, and the Iceberg commits of
 * every lakehouse table (each commit writes a new metadata file: data commits and ref-only commits,
 * such as a tag, alike), of which those that made a snapshot.
 *
 * <p>Commits are counted from each table's metadata log, so a block may make up to 100 commits per
 * table (Iceberg's {@code write.metadata.previous-versions-max}) before this undercounts.
 */
public final class SparkWork {
  /** One Spark job: its SQL execution (null outside one), description and call site. */
  public record Job(String executionId, String description, String callSite) {
    @Override
    public String toString() {
      return (executionId == null ? "no execution" : "execution " + executionId)
          + ": "
          + (description == null ? "" : description + " @ ")
          + callSite;
    }
  }

  /** What {@link #measure} counted. */
  public record Cost(
      List<Job> jobs,
      Map<LakehouseTable, Integer> commits,
      Map<LakehouseTable, Integer> snapshots,
      Map<String, Long> recordsRead) {
    /** SQL executions that ran at least one Spark job. */
    public int executions() {
      Set<String> ids = new HashSet<>();
      jobs.stream().map(Job::executionId).filter(id -> id != null).forEach(ids::add);
      return ids.size();
    }

    /** Spark jobs that ran outside any SQL execution (an RDD action, say). */
    public int jobsWithoutExecution() {
      return (int) jobs.stream().filter(j -> j.executionId() == null).count();
    }

    /** Iceberg commits across every table: new metadata versions. */
    public int totalCommits() {
      return commits.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Rows the tasks of the jobs with this description read from tables and files. */
    public long recordsRead(String jobDescription) {
      return recordsRead.getOrDefault(jobDescription, 0L);
    }

    /** Commits that made a snapshot (the others changed refs, properties or schema only). */
    public int totalSnapshots() {
      return snapshots.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** A few lines for a test's output. */
    public String describe(String label) {
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              "%s: %d executions with jobs, %d jobs (%d outside executions), %d commits (%d"
                  + " snapshots)%n",
              label,
              executions(),
              jobs.size(),
              jobsWithoutExecution(),
              totalCommits(),
              totalSnapshots()));
      commits.forEach(
          (t, n) ->
              out.append(
                  String.format(
                      "  %-28s %d commits, %d snapshots%n", t, n, snapshots.getOrDefault(t, 0))));
      jobs.forEach(j -> out.append("  job ").append(j).append(System.lineSeparator()));
      return out.toString();
    }
  }

  private SparkWork() {}

  /** Runs {@code work} and counts what it cost; returns its value through {@code result}. */
  public static <T> Cost measure(SparkSession spark, Supplier<T> work) {
    Map<LakehouseTable, Set<String>> versionsBefore = versions(spark);
    Map<LakehouseTable, Set<Long>> snapshotsBefore = snapshotIds(spark);
    List<Job> jobs = Collections.synchronizedList(new ArrayList<>());
    Map<Integer, String> stageDescriptions = new ConcurrentHashMap<>();
    Map<String, Long> recordsRead = new ConcurrentHashMap<>();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            java.util.Properties p = start.properties();
            String description = p == null ? null : p.getProperty("spark.job.description");
            jobs.add(
                new Job(
                    p == null ? null : p.getProperty("spark.sql.execution.id"),
                    description,
                    callSite(start)));
            start
                .stageInfos()
                .foreach(
                    stage -> stageDescriptions.put(stage.stageId(), String.valueOf(description)));
          }

          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
              recordsRead.merge(
                  stageDescriptions.getOrDefault(end.stageId(), "null"),
                  end.taskMetrics().inputMetrics().recordsRead(),
                  Long::sum);
            }
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      work.get();
    } finally {
      // Listener events are delivered asynchronously: wait until every job start has arrived.
      try {
        spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
      } catch (TimeoutException e) {
        throw new IllegalStateException("Cannot count Spark jobs: listener events still queued", e);
      } finally {
        spark.sparkContext().removeSparkListener(listener);
      }
    }
    Map<LakehouseTable, Integer> commits = new EnumMap<>(LakehouseTable.class);
    versions(spark)
        .forEach(
            (t, after) -> {
              Set<String> added = new HashSet<>(after);
              added.removeAll(versionsBefore.getOrDefault(t, Set.of()));
              if (!added.isEmpty()) {
                commits.put(t, added.size());
              }
            });
    Map<LakehouseTable, Integer> snapshots = new EnumMap<>(LakehouseTable.class);
    snapshotIds(spark)
        .forEach(
            (t, after) -> {
              Set<Long> added = new HashSet<>(after);
              added.removeAll(snapshotsBefore.getOrDefault(t, Set.of()));
              if (!added.isEmpty()) {
                snapshots.put(t, added.size());
              }
            });
    return new Cost(List.copyOf(jobs), commits, snapshots, Map.copyOf(recordsRead));
  }

  /** The first frame of this project in the stack that started the job: what ran it. */
  private static String callSite(SparkListenerJobStart start) {
    if (start.stageInfos().isEmpty()) {
      return "";
    }
    String details = start.stageInfos().head().details();
    return Arrays.stream(details.split("\n"))
        .map(String::strip)
        .filter(line -> line.startsWith("com.stedi.") && !line.contains("SparkWork"))
        .findFirst()
        .orElse(details.lines().findFirst().orElse(""));
  }

  /** Every metadata file each existing table has had, as far as its metadata log goes back. */
  private static Map<LakehouseTable, Set<String>> versions(SparkSession spark) {
    Map<LakehouseTable, Set<String>> versions = new LinkedHashMap<>();
    for (LakehouseTable t : LakehouseTable.values()) {
      if (CatalogState.exists(spark, t)) {
        TableMetadata metadata = metadata(spark, t);
        Set<String> files = new HashSet<>();
        metadata.previousFiles().forEach(e -> files.add(e.file()));
        files.add(metadata.metadataFileLocation());
        versions.put(t, files);
      }
    }
    return versions;
  }

  private static Map<LakehouseTable, Set<Long>> snapshotIds(SparkSession spark) {
    Map<LakehouseTable, Set<Long>> ids = new LinkedHashMap<>();
    for (LakehouseTable t : LakehouseTable.values()) {
      if (CatalogState.exists(spark, t)) {
        Set<Long> found = new HashSet<>();
        metadata(spark, t).snapshots().stream().map(Snapshot::snapshotId).forEach(found::add);
        ids.put(t, found);
      }
    }
    return ids;
  }

  private static TableMetadata metadata(SparkSession spark, LakehouseTable t) {
    Table table = IcebergTables.load(spark, t);
    return ((HasTableOperations) table).operations().refresh();
  }
}
