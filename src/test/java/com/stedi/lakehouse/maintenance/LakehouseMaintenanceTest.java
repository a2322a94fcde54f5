package com.stedi.lakehouse.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stedi.lakehouse.Deliveries;
import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.StediCli;
import com.stedi.lakehouse.audit.AuditFailure;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.RunPolicy;
import com.stedi.lakehouse.pipeline.Stage;
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
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;

class LakehouseMaintenanceTest extends LakehouseTestBase {
  private static final long DAY_START = 1_655_596_800_000L; // 2022-06-19T00:00:00Z

  /** Five small runs, each with readings on four days: a small file per day and run. */
  @Test
  void twentySmallFilesCompactFiveFoldKeepingContentsAndTimeTravel() {
    deliverTwoConsentingCustomers();
    List<String> runIds = new ArrayList<>();
    for (int night = 0; night < 5; night++) {
      deliverAccelerometerReadingsOfNight(night, 4);
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
    // Within the window every run stays reachable by its tag: eight readings a night.
    assertThat(rows("select count(*) from trusted.accelerometer version as of '%s'", runIds.get(2)))
        .containsExactly(row(24L));
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

  @Test
  void aPurgeLeavesNoWithdrawnCustomerOnAFailedRunsBranchAHandMadeRefOrAKilledRunsBranch()
      throws IOException {
    deliverTwoConsentingCustomers();
    deliverReadingsOfNight(0);
    run();
    spark.sql("alter table trusted.customer create tag keep");
    spark.sql("alter table trusted.customer create branch experiment");
    // What a run killed after branching leaves on every published table.
    for (LakehouseTable t : publishedTables()) {
      spark.sql(String.format("alter table %s create branch `audit-run-x`", t.logicalName()));
    }

    deliver("customer", "ann-withdraws.json", customer("ann@test.com", "s-ann", 2_000, false));
    assertThatThrownBy(() -> run(RunPolicy.defaults().withRowLoss(0, 1)))
        .isInstanceOf(AuditFailure.class)
        .hasMessageContaining("audit row-count failed on trusted.customer");
    assertThat(runBranches(LakehouseTable.TRUSTED_CUSTOMER))
        .as("dropped by the failed run as it started")
        .isEmpty();
    assertThat(rows("select email from trusted.customer version as of 'audit'"))
        .containsExactly(row("bob@test.com"));

    deliver("customer", "bob-withdraws.json", customer("bob@test.com", "s-bob", 3_000, false));
    run();
    assertThat(count("trusted.customer")).isZero();
    for (LakehouseTable t : publishedTables()) {
      assertThat(runBranches(t)).as("audit branches left on %s", t).isEmpty();
    }
    // The check below can fail: before the purge, files on disk still hold both customers.
    assertThat(rowsOfEveryFileUnder("trusted", "curated"))
        .anyMatch(r -> r.contains("ann@test.com"))
        .anyMatch(r -> r.contains("bob@test.com"))
        .anyMatch(r -> r.contains("s-ann"));

    StediCli cli = new StediCli();
    assertThat(
            cli.run(
                "maintain",
                "--warehouse",
                warehouse.toString(),
                "--expire-older-than",
                "0d",
                "--orphans-older-than",
                "0d",
                "--format",
                "json"))
        .as(cli.err())
        .isZero();

    Map<String, Object> trustedCustomer = maintained(cli.out(), "trusted.customer");
    assertThat(trustedCustomer).containsEntry("branches_removed", 1);
    assertThat((Integer) trustedCustomer.get("tags_removed")).isGreaterThanOrEqualTo(2);
    for (LakehouseTable t : LakehouseTable.zoneTables()) {
      Table table = IcebergTables.load(spark, t);
      // A run tag on the current snapshot stays: it holds nothing main does not.
      assertThat(table.refs().values())
          .as("refs of %s", t)
          .allMatch(ref -> ref.snapshotId() == table.currentSnapshot().snapshotId());
    }
    assertThat(IcebergTables.load(spark, LakehouseTable.TRUSTED_CUSTOMER).refs())
        .doesNotContainKeys("keep", "experiment", "audit-run-x");
    assertThat(rows("select email from trusted.customer version as of 'audit'")).isEmpty();
    assertThatThrownBy(() -> rows("select email from trusted.customer version as of 'keep'"))
        .hasMessageContaining("keep");
    assertThat(rowsOfEveryFileUnder("trusted", "curated"))
        .noneMatch(
            r ->
                r.contains("ann@test.com")
                    || r.contains("bob@test.com")
                    || r.contains("s-ann")
                    || r.contains("s-bob"));
  }

  @Test
  void branchesGoLikeTagsPastTheWindowAndEveryRefButMainGoesInAPurgeAsTheDryRunSays() {
    deliverTwoConsentingCustomers();
    deliverReadingsOfNight(0);
    run();
    long night0 = IcebergTables.currentSnapshotId(spark, LakehouseTable.TRUSTED_ACCELEROMETER);
    deliverReadingsOfNight(1);
    run();
    // A run killed after branching at night 0, a branch and a tag made by hand.
    spark.sql(
        String.format(
            "alter table trusted.accelerometer create branch `audit-run-x` as of version %d",
            night0));
    spark.sql(
        String.format("alter table trusted.accelerometer create tag old as of version %d", night0));
    spark.sql("alter table trusted.accelerometer create branch fresh");
    List<LakehouseTable> accelerometer = List.of(LakehouseTable.TRUSTED_ACCELEROMETER);
    Clock weekAndADayLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(8));

    assertThat(removedRefs(maintain(accelerometer, Duration.ofDays(7), Clock.systemUTC(), true)))
        .as("within the window")
        .containsExactly(0L, 0L);
    // Past the window: night 0's run tag, the tag and the branch on night 0; `fresh` sits on the
    // snapshot maintenance started from, which stays.
    assertThat(removedRefs(maintain(accelerometer, Duration.ofDays(7), weekAndADayLater, true)))
        .as("dry run")
        .containsExactly(2L, 1L);
    assertThat(removedRefs(maintain(accelerometer, Duration.ofDays(7), weekAndADayLater, false)))
        .containsExactly(2L, 1L);
    assertThat(IcebergTables.load(spark, LakehouseTable.TRUSTED_ACCELEROMETER).refs())
        .containsOnlyKeys("main", "audit", "fresh", runTag(LakehouseTable.TRUSTED_ACCELEROMETER));

    // A purge: every ref not on main's head, whatever its age (compaction moved main's head).
    assertThat(removedRefs(maintain(accelerometer, Duration.ZERO, Clock.systemUTC(), false)))
        .containsExactly(1L, 1L);
    // The audit branch followed main through both compactions.
    assertThat(IcebergTables.load(spark, LakehouseTable.TRUSTED_ACCELEROMETER).refs())
        .containsOnlyKeys("main", "audit");
    assertThat(count("trusted.accelerometer")).isEqualTo(4);
  }

  @Test
  void theAuditBranchFollowsCompactionKeepsARunsWriteAndGoesPastTheWindowOrInAPurge() {
    deliverTwoConsentingCustomers();
    deliverReadingsOfNight(0);
    run();
    deliverReadingsOfNight(1);
    run();
    List<LakehouseTable> accelerometer = List.of(LakehouseTable.TRUSTED_ACCELEROMETER);
    Table table = IcebergTables.load(spark, LakehouseTable.TRUSTED_ACCELEROMETER);
    long night1 = table.currentSnapshot().snapshotId();

    maintain(accelerometer, Duration.ofDays(7), 1);

    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).as("compacted").isNotEqualTo(night1);
    assertThat(auditHead(table)).isEqualTo(table.currentSnapshot().snapshotId());

    // A run's write on the branch, then a commit to main, then maintenance: the write stays.
    long write = writeOnAuditBranch(table);
    spark.sql(
        "call "
            + spark.conf().get("spark.sql.defaultCatalog")
            + ".system.rewrite_data_files(table => 'trusted.accelerometer',"
            + " options => map('rewrite-all', 'true'))");
    assertThat(removedRefs(maintain(accelerometer, Duration.ofDays(7), Clock.systemUTC(), false)))
        .as("[tags, branches] removed")
        .containsExactly(0L, 0L);
    table.refresh();
    assertThat(auditHead(table)).isEqualTo(write);

    // Past the window, what a failed run left goes, as the dry run says.
    Clock weekAndADayLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(8));
    assertThat(removedRefs(maintain(accelerometer, Duration.ofDays(7), weekAndADayLater, true)))
        .containsExactly(2L, 1L);
    assertThat(removedRefs(maintain(accelerometer, Duration.ofDays(7), weekAndADayLater, false)))
        .containsExactly(2L, 1L);
    table.refresh();
    assertThat(table.refs()).doesNotContainKey("audit");

    // The next night's write makes it again; what a failed run then leaves goes in a purge.
    deliverReadingsOfNight(2);
    run();
    table.refresh();
    assertThat(auditHead(table)).isEqualTo(table.currentSnapshot().snapshotId());
    writeOnAuditBranch(table);
    assertThat(removedRefs(maintain(accelerometer, Duration.ZERO, Clock.systemUTC(), false)))
        .element(1)
        .isEqualTo(1L);
    table.refresh();
    assertThat(table.refs()).doesNotContainKey("audit");
  }

  private static long writeOnAuditBranch(Table table) {
    spark.sql(
        "insert into trusted.accelerometer.branch_audit select * from trusted.accelerometer"
            + " limit 1");
    table.refresh();
    return auditHead(table);
  }

  private static long auditHead(Table table) {
    return table.refs().get("audit").snapshotId();
  }

  /** The tags and branches the maintenance of one table removed: [tags, branches]. */
  private static List<Long> removedRefs(List<TableMaintenance> results) {
    TableMaintenance only = results.get(0);
    return List.of(only.tagsRemoved(), only.branchesRemoved());
  }

  /** The name of the one run tag a table keeps. */
  private static String runTag(LakehouseTable table) {
    return IcebergTables.load(spark, table).refs().entrySet().stream()
        .filter(ref -> ref.getValue().isTag() && ref.getKey().startsWith("run-"))
        .map(Map.Entry::getKey)
        .reduce((a, b) -> a + "," + b)
        .orElseThrow();
  }

  private static List<LakehouseTable> publishedTables() {
    return Stage.publishedTables();
  }

  private static List<String> runBranches(LakehouseTable table) {
    return IcebergTables.load(spark, table).refs().entrySet().stream()
        .filter(ref -> ref.getValue().isBranch() && ref.getKey().startsWith("audit-run-"))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> maintained(String json, String table) throws IOException {
    Map<String, Object> doc = new ObjectMapper().readValue(json, new TypeReference<>() {});
    return ((List<Map<String, Object>>) doc.get("tables"))
        .stream().filter(t -> t.get("table").equals(table)).findFirst().orElseThrow();
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
    List<String> rows = rowsOfEveryFileUnder("trusted", "curated");
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

  /**
   * Every row of every data and delete file on disk under the namespaces' folders, as JSON, read
   * with Parquet alone: what storage holds, whatever Iceberg's metadata says.
   */
  private List<String> rowsOfEveryFileUnder(String... namespaces) throws IOException {
    List<String> rows = new ArrayList<>();
    for (Path file : parquetFilesUnder(namespaces)) {
      rows.addAll(spark.read().parquet(file.toString()).toJSON().collectAsList());
    }
    return rows;
  }

  private void deliverTwoConsentingCustomers() {
    deliver("customer", "customers.json", Deliveries.annAndBobConsent(1_000));
  }

  /** One accelerometer and one step trainer file: a reading of each customer, all on one day. */
  private void deliverReadingsOfNight(int night) {
    deliverAccelerometerReadingsOfNight(night, 1);
    long time = DAY_START + night * 60_000L;
    deliver(
        "step_trainer",
        "s" + night + ".json",
        stepTrainer("s-ann", time, night),
        stepTrainer("s-bob", time + 1, night));
  }

  /** One accelerometer file: a reading of each customer on each of {@code days} days. */
  private void deliverAccelerometerReadingsOfNight(int night, int days) {
    List<String> lines = new ArrayList<>();
    for (int day = 0; day < days; day++) {
      long time = DAY_START + day * 86_400_000L + night * 60_000L;
      lines.add(accelerometer("ann@test.com", time, night, 1, 1));
      lines.add(accelerometer("bob@test.com", time + 1, night, 2, 2));
    }
    deliver("accelerometer", "a" + night + ".json", lines.toArray(String[]::new));
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

  private List<TableMaintenance> maintain(
      List<LakehouseTable> tables, Duration expireOlderThan, Clock clock, boolean dryRun) {
    MaintenanceRequest request =
        new MaintenanceRequest(tables, expireOlderThan, 1, 128L << 20, Duration.ofDays(3), dryRun);
    return new LakehouseMaintenance(spark, clock).run(request, "maintain-test", line -> {});
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
