package com.stedi.lakehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stedi.lakehouse.catalog.LakehouseSession;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.LakehouseConfig;
import com.stedi.lakehouse.config.RunPolicy;
import com.stedi.lakehouse.migration.Migration;
import com.stedi.lakehouse.ops.RunLock;
import com.stedi.lakehouse.ops.RunSummary;
import com.stedi.lakehouse.pipeline.NightlyRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * One local SparkSession for the whole test JVM; every test gets its own empty warehouse and source
 * folder. Fixtures are JSON lines written into the source layout.
 */
public abstract class LakehouseTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  protected static SparkSession spark;

  /** One folder per test class, for classes that share one lakehouse. */
  @TempDir static Path classTempDir;

  @TempDir protected Path tempDir;
  protected Path warehouse;
  private LakehouseConfig config;
  protected Path source;

  @BeforeEach
  protected void openLakehouse() {
    if (!oneLakehousePerClass()) {
      source = tempDir.resolve("source");
      openLakehouse(tempDir.resolve("warehouse"));
    } else if (warehouse == null) {
      source = classTempDir.resolve("source");
      openLakehouse(classTempDir.resolve("warehouse"));
    } else {
      openLakehouse(warehouse);
    }
  }

  /**
   * True for a class whose tests all look at one lakehouse, built once in a {@code @BeforeAll}
   * method of a {@code PER_CLASS} test instance: a pipeline run is the slow part of a test.
   */
  protected boolean oneLakehousePerClass() {
    return false;
  }

  /** Points the session's catalog at a warehouse, empty or not. */
  protected void openLakehouse(Path warehouse) {
    this.warehouse = warehouse;
    config = LakehouseConfig.local(warehouse, 1, false);
    spark = LakehouseSession.open(config);
  }

  /** Runs the whole pipeline over {@link #source}. */
  protected RunSummary run() {
    return run(RunPolicy.defaults());
  }

  /** Runs the whole pipeline over {@link #source} with the given limits. */
  protected RunSummary run(RunPolicy policy) {
    return runOver(source.toString(), policy);
  }

  /** Runs the whole pipeline over a source location. */
  protected RunSummary runOver(String sourceLocation, RunPolicy policy) {
    return nightlyRun(policy).run(sourceLocation);
  }

  /** Runs the whole pipeline over {@link #source} as a stedi with only these migrations would. */
  protected RunSummary runWith(List<Migration> migrations) {
    return nightlyRun(RunPolicy.defaults()).withMigrations(migrations).run(source.toString());
  }

  /** Runs the whole pipeline over {@link #source}, checking this lock as a locked run does. */
  protected RunSummary runFencedBy(RunLock lock) {
    return nightlyRun(RunPolicy.defaults()).fencedBy(lock).run(source.toString());
  }

  private NightlyRun nightlyRun(RunPolicy policy) {
    return new NightlyRun(
        spark, LakehouseSession.fileIO(spark, config), Clock.systemUTC(), policy, line -> {});
  }

  /** Ann and bob consent, each with one accelerometer and one step trainer reading at 100. */
  protected void deliverTwoCustomersWithReadings() {
    deliver(Deliveries.twoConsentingCustomersWithReadings());
  }

  /** Writes every file of a night into {@link #source}. */
  protected void deliver(Night night) {
    night.files().forEach((path, lines) -> write(source.resolve(path), lines));
  }

  /** Writes one source file of JSON lines, e.g. {@code deliver("customer", "c1.json", ...)}. */
  protected Path deliver(String kind, String fileName, String... lines) {
    return write(source.resolve(kind).resolve("landing").resolve(fileName), List.of(lines));
  }

  private static Path write(Path file, List<String> lines) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON object from name, value pairs; a pair with a null value writes an explicit null. */
  protected static String json(Object... namesAndValues) {
    Map<String, Object> object = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      object.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    try {
      return JSON.writeValueAsString(object);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A customer record with the required fields; consent to research when {@code research}. */
  protected static String customer(
      String email, String serial, long lastUpdate, boolean research, Object... extra) {
    List<Object> fields =
        new ArrayList<>(
            List.of(
                "customerName",
                "Name of " + email,
                "email",
                email,
                "phone",
                "8015551212",
                "birthDay",
                "1990-01-01",
                "serialNumber",
                serial,
                "registrationDate",
                1_000L,
                "lastUpdateDate",
                lastUpdate));
    if (research) {
      fields.addAll(List.of("shareWithResearchAsOfDate", lastUpdate));
    }
    fields.addAll(Arrays.asList(extra));
    return json(fields.toArray());
  }

  protected static String accelerometer(String user, long time, double x, double y, double z) {
    return json("user", user, "timestamp", time, "x", x, "y", y, "z", z);
  }

  protected static String stepTrainer(String serial, long time, int distance) {
    return json("sensorReadingTime", time, "serialNumber", serial, "distanceFromObject", distance);
  }

  protected static List<List<Object>> rows(String sql, Object... args) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row row : spark.sql(String.format(sql, args)).collectAsList()) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        values.add(row.get(i));
      }
      rows.add(values);
    }
    return rows;
  }

  /**
   * Every zone table's rows as sorted strings, without the lineage columns that differ between two
   * warehouses by design (ingested_at, rejected_at, run_id): what two lakehouses are compared by.
   */
  protected static Map<String, List<String>> zoneContents() {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    for (LakehouseTable table : LakehouseTable.zoneTables()) {
      String[] columns =
          Arrays.stream(spark.table(table.logicalName()).columns())
              .filter(c -> !List.of("ingested_at", "rejected_at", "run_id").contains(c))
              .toArray(String[]::new);
      tables.put(
          table.logicalName(),
          spark.table(table.logicalName()).selectExpr(columns).collectAsList().stream()
              .map(Row::toString)
              .sorted()
              .toList());
    }
    return tables;
  }

  protected static long count(String table) {
    return spark.table(table).count();
  }

  protected static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  protected static Timestamp ts(long epochMillis) {
    return Timestamp.from(Instant.ofEpochMilli(epochMillis));
  }
}
