package com.stedi.lakehouse.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LakehouseMaintenanceTest extends LakehouseTestBase {
  private static final long DAY_START = 1_655_596_800_000L; // 2022-06-19T00:00:00Z

  @Test
  void twentySmallRunsCompactFiveFoldKeepingContentsAndTimeTravel() {
    deliverTwoConsentingCustomers();
    List<String> runIds = new ArrayList<>();
    for (int night = 0; night < 20; night++) {
      deliverAccelerometerReadingsOfNight(night);
      runIds.add(run().runId());
    }
    Map<String, List<String>> contents = zoneContents();
    long filesBefore = state(LakehouseTable.TRUSTED_ACCELEROMETER).dataFiles();

    List<TableMaintenance> results = maintain(Duration.ofDays(7), 1);

    assertThat(zoneContents()).isEqualTo(contents);
    assertThat(filesBefore).isGreaterThanOrEqualTo(20);
    assertThat(state(LakehouseTable.TRUSTED_ACCELEROMETER).dataFiles() * 5)
        .isLessThanOrEqualTo(filesBefore);
    assertThat(results).extracting(TableMaintenance::snapshotsExpired).containsOnly(0L);
    // Within the window every run stays reachable by its tag: two readings a night.
    assertThat(rows("select count(*) from trusted.accelerometer version as of '%s'", runIds.get(9)))
        .containsExactly(row(20L));
  }

  @Test
  void maintenanceBesideARunLosesNothingThenAPurgeLeavesOneSnapshotAndNoFileWithTheCustomer()
      throws Exception {
    deliverTwoConsentingCustomers();
    deliverReadingsOfNight(0);
    run();
    deliverReadingsOfNight(1);
    deliver("customer", "withdrawal.json", customer("ann@test.com", "s-ann", 3_000, false));

    runWithMaintenanceAlongside();
    Map<String, List<String>> concurrent = zoneContents();
    assertThat(count("trusted.accelerometer")).isEqualTo(2);

    maintain(Duration.ZERO, 1);

    for (LakehouseTable t : LakehouseTable.values()) {
      // Nothing was ever quarantined: landing.rejects has no snapshot at all.
      assertThat(state(t).snapshots())
          .as("snapshots of %s", t)
          .isEqualTo(t == LakehouseTable.LANDING_REJECTS ? 0 : 1);
    }
    assertNoTrustedOrCuratedFileHolds("ann@test.com", "s-ann");
    assertThat(zoneContents()).isEqualTo(concurrent);
    openLakehouse(tempDir.resolve("recomputed"));
    run();
    assertThat(zoneContents()).as("recomputed from scratch").isEqualTo(concurrent);
  }

  /** One run, with maintenance rounds (compaction and all) committing until it ends. */
  private void runWithMaintenanceAlongside() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> nightly = threads.submit(() -> run());
      Future<Integer> maintenance =
          threads.submit(
              () -> {
                int rounds = 0;
                do {
                  maintain(
                      List.of(
                          LakehouseTable.TRUSTED_CUSTOMER,
                          LakehouseTable.TRUSTED_ACCELEROMETER,
                          LakehouseTable.CURATED_MACHINE_LEARNING),
                      Duration.ofDays(7),
                      1);
                  rounds++;
                } while (!nightly.isDone());
                return rounds;
              });
      nightly.get();
      assertThat(maintenance.get()).isPositive();
    } finally {
      threads.shutdownNow();
    }
  }

  private void assertNoTrustedOrCuratedFileHolds(String email, String serial) throws IOException {
    List<Path> files = parquetFilesUnder("trusted", "curated");
    List<String> rows = new ArrayList<>();
    for (Path file : files) {
      rows.addAll(spark.read().parquet(file.toString()).toJSON().collectAsList());
    }
    assertThat(rows).noneMatch(row -> row.contains(email) || row.contains(serial));
    // The check can fail: the other customer's rows are there to be seen.
    assertThat(rows).anyMatch(row -> row.contains("bob@test.com"));
    assertThat(rows).anyMatch(row -> row.contains("s-bob"));
    long referenced = 0;
    for (LakehouseTable t : LakehouseTable.zoneTables()) {
      if (!t.zone().equals("landing")) {
        assertThat(state(t).deleteFiles()).as("%s delete files", t).isZero();
        referenced += state(t).dataFiles();
      }
    }
    assertThat(files)
        .as("files on disk = files the current snapshots use")
        .hasSize((int) referenced);
  }

  private void deliverTwoConsentingCustomers() {
    deliver(
        "customer",
        "customers.json",
        customer("ann@test.com", "s-ann", 1_000, true),
        customer("bob@test.com", "s-bob", 1_000, true));
  }

  /** One accelerometer and one step trainer file: a reading of each customer, all on one day. */
  private void deliverReadingsOfNight(int night) {
    deliverAccelerometerReadingsOfNight(night);
    long time = DAY_START + night * 60_000L;
    deliver(
        "step_trainer",
        "s" + night + ".json",
        stepTrainer("s-ann", time, night),
        stepTrainer("s-bob", time + 1, night));
  }

  private void deliverAccelerometerReadingsOfNight(int night) {
    long time = DAY_START + night * 60_000L;
    deliver(
        "accelerometer",
        "a" + night + ".json",
        accelerometer("ann@test.com", time, night, 1, 1),
        accelerometer("bob@test.com", time + 1, night, 2, 2));
  }

  private List<TableMaintenance> maintain(Duration expireOlderThan, int retainLast) {
    return maintain(Arrays.asList(LakehouseTable.values()), expireOlderThan, retainLast);
  }

  private List<TableMaintenance> maintain(
      List<LakehouseTable> tables, Duration expireOlderThan, int retainLast) {
    MaintenanceRequest request =
        new MaintenanceRequest(
            tables, expireOlderThan, retainLast, 128L << 20, Duration.ofDays(3), false);
    return new LakehouseMaintenance(spark, Clock.systemUTC())
        .run(request, "maintain-test", line -> {});
  }

  private static TableState state(LakehouseTable table) {
    return TableState.of(IcebergTables.load(spark, table));
  }

  private List<Path> parquetFilesUnder(String... namespaces) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String namespace : namespaces) {
      try (Stream<Path> walk = Files.walk(warehouse.resolve(namespace))) {
        walk.filter(f -> f.getFileName().toString().endsWith(".parquet")).forEach(files::add);
      }
    }
    return files;
  }
}
