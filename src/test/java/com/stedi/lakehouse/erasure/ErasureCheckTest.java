package com.stedi.lakehouse.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stedi.lakehouse.Deliveries;
import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.SparkWork;
import com.stedi.lakehouse.StediCli;
import com.stedi.lakehouse.audit.Pseudonyms;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.MaintenanceSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;

class ErasureCheckTest extends LakehouseTestBase {
  private static final long T = 1_655_596_800_000L; // 2022-06-19T00:00:00Z
  private static final String LANDING = "never (landing keeps raw deliveries by design)";
  private static final String FOOTER =
      "Gone by: maintenance.expire-older-than=7d, maintenance.orphans-older-than=3d,"
          + " maintenance.retain-last=1, stedi run, then stedi maintain, nightly.";

  private final StediCli cli = new StediCli();
  private String night1;
  private String night2;

  @Test
  void aWithdrawnCustomerIsHeldInSnapshotsTagsAndFilesUntilAPurgeThenOnlyInLandingInTextAndJson()
      throws IOException {
    twoNightsAnnConsentsThenWithdraws();
    Path orphan = killedRunLeftoverHoldingAnn();
    String snapshotGone = goneBy(snapshotMillis(night1), Duration.ofDays(7));
    String fileGone = goneBy(currentMillis(), Duration.ofDays(7));
    String orphanGone = goneBy(Files.getLastModifiedTime(orphan).toMillis(), Duration.ofDays(3));

    assertThat(check("--email", " Ann@Test.COM ")).isEqualTo(1);

    assertThat(cli.out()).doesNotContain("ann@", "bob@", "Name of", "s-bob");
    List<String> lines = cli.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo("Subject " + ann() + ": still held in trusted, curated or ops.");
    assertThat(lines.get(lines.size() - 1)).isEqualTo(FOOTER);
    assertThat(cells(lines))
        .containsExactly(
            List.of("table", "where", "what", "gone by"),
            List.of("landing.customer", "main", "2 rows", LANDING),
            List.of("landing.customer", "snapshots", "1 snapshot, up to 1 row", LANDING),
            List.of("landing.customer", "files", "2 files, up to 1 row each", LANDING),
            List.of("landing.accelerometer", "main", "1 row", LANDING),
            List.of("landing.accelerometer", "files", "1 file, up to 1 row each", LANDING),
            List.of("landing.step_trainer", "main", "1 row", LANDING),
            List.of("landing.step_trainer", "files", "1 file, up to 1 row each", LANDING),
            List.of("trusted.customer", "snapshots", "1 snapshot, up to 1 row", snapshotGone),
            List.of("trusted.customer", "tag <night 1>", "1 row", snapshotGone),
            List.of("trusted.customer", "files", "1 file, up to 1 row each", fileGone),
            List.of("trusted.accelerometer", "snapshots", "1 snapshot, up to 1 row", snapshotGone),
            List.of("trusted.accelerometer", "tag <night 1>", "1 row", snapshotGone),
            List.of("trusted.accelerometer", "files", "1 file, up to 1 row each", fileGone),
            List.of("curated.customer", "snapshots", "1 snapshot, up to 1 row", snapshotGone),
            List.of("curated.customer", "tag <night 1>", "1 row", snapshotGone),
            List.of("curated.customer", "files", "1 file, up to 1 row each", fileGone),
            List.of(
                "curated.customer", "unreferenced files", "1 file, up to 1 row each", orphanGone),
            List.of("trusted.step_trainer", "snapshots", "1 snapshot, up to 1 row", snapshotGone),
            List.of("trusted.step_trainer", "tag <night 1>", "1 row", snapshotGone),
            List.of("trusted.step_trainer", "files", "1 file, up to 1 row each", fileGone),
            List.of(
                "curated.machine_learning", "snapshots", "1 snapshot, up to 1 row", snapshotGone),
            List.of("curated.machine_learning", "tag <night 1>", "1 row", snapshotGone),
            List.of("curated.machine_learning", "files", "1 file, up to 1 row each", fileGone));
    assertThat(checker().withdrawnCustomers())
        .isEqualTo(new WithdrawnCustomers(0, 1, Map.of("trusted.customer snapshot", 1L)));

    // The same holdings in JSON, each with its snapshot, ref or file.
    int[] exit = new int[1];
    SparkWork.Cost cost =
        SparkWork.measure(
            spark, () -> exit[0] = check("--email", "ann@test.com", "--format", "json"));
    assertThat(exit[0]).isEqualTo(1);
    // Ann's rows in a table's snapshots are counted in one query per table: 8 queries, where a
    // query per snapshot that references a file holding her rows made 14.
    assertThat(
            cost.jobs().stream()
                .filter(j -> j.callSite().contains("RowCounts.of"))
                .map(SparkWork.Job::executionId)
                .distinct()
                .count())
        .isEqualTo(8);

    String trusted =
        String.join(
            ",",
            holding("trusted.customer", "snapshot", "<id>", 1, snapshotGone, true),
            holding("trusted.customer", "tag", "<night 1>", 1, snapshotGone, true),
            holding("trusted.customer", "data_file", "data/<file>.parquet", 1, fileGone, true));
    assertThat(normalized(cli.out()))
        .startsWith(
            "{\"subject\":\""
                + ann()
                + "\",\"erased\":false,\"settings\":{"
                + "\"maintenance.expire-older-than\":\"7d\","
                + "\"maintenance.orphans-older-than\":\"3d\","
                + "\"maintenance.retain-last\":\"1\","
                + "\"schedule\":\"stedi run, then stedi maintain, nightly\"},\"holdings\":["
                + holding("landing.customer", "live", "main", 2, LANDING, false)
                + ",")
        .contains("," + trusted + ",")
        .endsWith(
            holding(
                    "curated.machine_learning",
                    "data_file",
                    "data/sensor_reading_at_day=2022-06-19/<file>.parquet",
                    1,
                    fileGone,
                    true)
                + "]}\n");

    assertThat(maintain("--expire-older-than", "0d", "--orphans-older-than", "0d")).isZero();
    assertThat(cli.out()).endsWith("\nwithdrawn customers: 1 erased, 0 still held\n");

    assertThat(check("--email", "ann@test.com")).isZero();
    lines = cli.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo("Subject " + ann() + ": nothing in trusted, curated or ops holds them.");
    assertThat(lines.get(lines.size() - 1)).isEqualTo(FOOTER);
    assertThat(cells(lines))
        .containsExactly(
            List.of("table", "where", "what", "gone by"),
            List.of("landing.customer", "main", "2 rows", LANDING),
            List.of("landing.customer", "files", "1 file, up to 2 rows each", LANDING),
            List.of("landing.accelerometer", "main", "1 row", LANDING),
            List.of("landing.accelerometer", "files", "1 file, up to 1 row each", LANDING),
            List.of("landing.step_trainer", "main", "1 row", LANDING),
            List.of("landing.step_trainer", "files", "1 file, up to 1 row each", LANDING));
    assertThat(checker().withdrawnCustomers()).isEqualTo(new WithdrawnCustomers(1, 0, Map.of()));

    assertThat(check("--email", "ann@test.com", "--format", "json")).isZero();
    assertThat(normalized(cli.out()))
        .isEqualTo(
            "{\"subject\":\""
                + ann()
                + "\",\"erased\":true,\"settings\":{"
                + "\"maintenance.expire-older-than\":\"7d\","
                + "\"maintenance.orphans-older-than\":\"3d\","
                + "\"maintenance.retain-last\":\"1\","
                + "\"schedule\":\"stedi run, then stedi maintain, nightly\"},\"holdings\":["
                + String.join(
                    ",",
                    holding("landing.customer", "live", "main", 2, LANDING, false),
                    holding(
                        "landing.customer", "data_file", "data/<file>.parquet", 2, LANDING, false),
                    holding("landing.accelerometer", "live", "main", 1, LANDING, false),
                    holding(
                        "landing.accelerometer",
                        "data_file",
                        "data/reading_at_day=2022-06-19/<file>.parquet",
                        1,
                        LANDING,
                        false),
                    holding("landing.step_trainer", "live", "main", 1, LANDING, false),
                    holding(
                        "landing.step_trainer",
                        "data_file",
                        "data/sensor_reading_at_day=2022-06-19/<file>.parquet",
                        1,
                        LANDING,
                        false))
                + "]}\n");
  }

  @Test
  void aConsentingCustomerIsHeldLiveWhileConsentIsInForce() {
    twoNightsAnnConsentsThenWithdraws();

    assertThat(check("--email", "bob@test.com")).isEqualTo(1);

    List<List<String>> cells = cells(cli.out().lines().toList());
    assertThat(cells)
        .contains(
            List.of("trusted.customer", "main", "1 row", "kept while consent is in force"),
            List.of("curated.machine_learning", "main", "1 row", "kept while consent is in force"));
    assertThat(cli.out()).doesNotContain("bob@", "ann@", "Name of");
  }

  @Test
  void onASharedDeviceOnlyTheReadingsAtTheSubjectsInstantsAreTheirs() {
    deliver(
        "customer",
        "night1.json",
        customer("ann@test.com", "s-shared", 1_000, true),
        customer("bob@test.com", "s-shared", 1_000, true));
    deliver(
        "accelerometer",
        "night1.json",
        accelerometer("ann@test.com", T, 1, 2, 3),
        accelerometer("bob@test.com", T + 1_000, 4, 5, 6));
    deliver(
        "step_trainer",
        "night1.json",
        stepTrainer("s-shared", T, 10),
        stepTrainer("s-shared", T + 1_000, 20));
    run();
    deliver("customer", "night2.json", customer("ann@test.com", "s-shared", 2_000, false));
    run();

    assertThat(check("--email", "ann@test.com")).isEqualTo(1);

    List<List<String>> cells = cells(cli.out().lines().toList());
    assertThat(cells)
        .contains(
            List.of("landing.step_trainer", "main", "1 row", LANDING),
            List.of(
                "trusted.step_trainer",
                "main",
                "1 row",
                "kept while a consenting customer shares the device"))
        .noneMatch(line -> line.get(0).startsWith("curated.") && line.get(1).equals("main"))
        .noneMatch(line -> line.get(0).equals("trusted.customer") && line.get(1).equals("main"));

    // An empty e-mail would match every text ops holds: refused.
    assertThat(check("--email", "  ")).isEqualTo(2);
    assertThat(cli.err())
        .isEqualTo(
            "stedi erasure-check: Cannot check an erasure: the e-mail is empty; give the"
                + " customer's e-mail\n");
  }

  @Test
  void withdrawnCustomersAreCheckedTogetherAndAPurgeSaysWhoItErasedAndWhoIsStillHeld()
      throws IOException {
    // Night 1: Ann, Bob, Cat and Dan consent; Cat and Dan share a Step Trainer.
    deliver(
        "customer",
        "night1.json",
        customer("ann@test.com", "s-ann", 1_000, true),
        customer("bob@test.com", "s-bob", 1_000, true),
        customer("cat@test.com", "s-shared", 1_000, true),
        customer("dan@test.com", "s-shared", 1_000, true));
    deliver(
        "accelerometer",
        "night1.json",
        accelerometer("ann@test.com", T, 1, 2, 3),
        accelerometer("bob@test.com", T, 4, 5, 6),
        accelerometer("cat@test.com", T + 1_000, 7, 8, 9),
        accelerometer("dan@test.com", T + 2_000, 1, 1, 1));
    deliver(
        "step_trainer",
        "night1.json",
        stepTrainer("s-ann", T, 10),
        stepTrainer("s-bob", T, 20),
        stepTrainer("s-shared", T + 1_000, 30),
        stepTrainer("s-shared", T + 2_000, 40));
    run();
    // Night 2: Ann and Cat withdraw; Eve consents and withdraws in one delivery, never published.
    deliver(
        "customer",
        "night2.json",
        customer("ann@test.com", "s-ann", 2_000, false),
        customer("cat@test.com", "s-shared", 2_000, false),
        customer("eve@test.com", "s-eve", 1_000, true),
        customer("eve@test.com", "s-eve", 2_000, false));
    run();
    List<String> withdrawn = List.of("ann@test.com", "cat@test.com", "eve@test.com");

    // Before a purge the night-1 snapshots hold Ann and Cat.
    assertThat(new WithdrawnCustomersCheck(spark).firstHoldings())
        .isEqualTo(
            Map.of(
                "ann@test.com", "trusted.customer snapshot",
                "cat@test.com", "trusted.customer snapshot"))
        .isEqualTo(oneByOne(withdrawn));
    assertThat(checker().withdrawnCustomers())
        .isEqualTo(new WithdrawnCustomers(1, 2, Map.of("trusted.customer snapshot", 2L)));

    // A maintain that is no purge does not count.
    assertThat(maintain("--table", "trusted.customer")).isZero();
    assertThat(cli.out()).doesNotContain("withdrawn customers");

    // After the purge only Cat's step trainer reading stays: Dan, who consents, shares the device.
    assertThat(maintain("--expire-older-than", "0d", "--orphans-older-than", "0d")).isZero();
    assertThat(cli.out())
        .endsWith("\nwithdrawn customers: 2 erased, 1 still held (trusted.step_trainer live: 1)\n");
    assertThat(new WithdrawnCustomersCheck(spark).firstHoldings())
        .isEqualTo(Map.of("cat@test.com", "trusted.step_trainer live"))
        .isEqualTo(oneByOne(withdrawn));

    assertThat(
            maintain(
                "--table",
                "trusted.customer",
                "--expire-older-than",
                "0d",
                "--orphans-older-than",
                "0d",
                "--format",
                "json"))
        .isZero();
    Map<String, Object> doc = new ObjectMapper().readValue(cli.out(), new TypeReference<>() {});
    assertThat(doc)
        .containsEntry("withdrawn_erased", 2)
        .containsEntry("withdrawn_held", 1)
        .containsEntry("withdrawn_held_by", Map.of("trusted.step_trainer live", 1));
    assertThat(cli.out()).doesNotContain("@test.com");
  }

  /**
   * The first blocking place of each customer that {@link ErasureCheck#check} finds, one by one.
   */
  private Map<String, String> oneByOne(List<String> emails) {
    Map<String, String> first = new TreeMap<>();
    for (String email : emails) {
      checker().check(email).holdings().stream()
          .filter(Holding::blocking)
          .findFirst()
          .ifPresent(h -> first.put(email, h.table() + " " + h.kind()));
    }
    return first;
  }

  private ErasureCheck checker() {
    return new ErasureCheck(spark, MaintenanceSettings.DEFAULTS, Clock.systemUTC());
  }

  private int maintain(String... args) {
    return cli.run(
        Stream.concat(
                Stream.of("maintain", "--warehouse", warehouse.toString()), Arrays.stream(args))
            .toArray(String[]::new));
  }

  /**
   * Night 1: Ann and Bob consent, each with a reading and a step trainer reading; night 2: Ann
   * withdraws.
   */
  private void twoNightsAnnConsentsThenWithdraws() {
    deliver("customer", "night1.json", Deliveries.annAndBobConsent(1_000));
    deliver(
        "accelerometer",
        "night1.json",
        accelerometer("ann@test.com", T, 1, 2, 3),
        accelerometer("bob@test.com", T, 4, 5, 6));
    deliver(
        "step_trainer", "night1.json", stepTrainer("s-ann", T, 10), stepTrainer("s-bob", T, 20));
    night1 = run().runId();
    deliver("customer", "night2.json", customer("Ann@Test.com", "s-ann", 2_000, false));
    night2 = run().runId();
  }

  /**
   * A copy of curated.customer's data file holding Ann, as a run killed before its commit leaves.
   */
  private Path killedRunLeftoverHoldingAnn() throws IOException {
    Path data = warehouse.resolve("curated/customer/data");
    try (Stream<Path> files = Files.list(data)) {
      String holding =
          files
              .map(Path::toString)
              .filter(f -> f.endsWith(".parquet") && !f.endsWith("-deletes.parquet"))
              .filter(f -> spark.read().parquet(f).where("email = 'ann@test.com'").count() > 0)
              .findFirst()
              .orElseThrow();
      return Files.copy(
          Path.of(holding),
          data.resolve("00000-killed-run.parquet"),
          StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  private int check(String... args) {
    String[] line =
        Stream.concat(
                Stream.of("erasure-check", "--warehouse", warehouse.toString()),
                Arrays.stream(args))
            .toArray(String[]::new);
    return cli.run(line);
  }

  /** The rows of the text table as cells, run ids named by their night. */
  private List<List<String>> cells(List<String> lines) {
    return lines.subList(1, lines.size() - 1).stream()
        .map(l -> night1 == null ? l : l.replace(night1, "<night 1>").replace(night2, "<night 2>"))
        .map(l -> List.of(l.split(" {2,}")))
        .toList();
  }

  /** JSON with run ids named by their night, snapshot ids and file names by placeholders. */
  private String normalized(String json) {
    return json.replace(night1, "<night 1>")
        .replace(night2, "<night 2>")
        .replaceAll("\"name\":\"\\d+\"", "\"name\":\"<id>\"")
        .replaceAll("(\"name\":\"data/(?:[^/\"]+/)*)[^/\"]+\\.parquet\"", "$1<file>.parquet\"");
  }

  /** Ann's pseudonym in this lakehouse: the one its audit failures would give her. */
  private static String ann() {
    return Pseudonyms.of(spark).customer("ann@test.com");
  }

  private static String holding(
      String table, String kind, String name, long rows, String goneBy, boolean blocking) {
    return String.format(
        "{\"table\":\"%s\",\"kind\":\"%s\",\"name\":\"%s\",\"rows\":%d,\"goneBy\":\"%s\","
            + "\"blocking\":%s}",
        table, kind, name, rows, goneBy, blocking);
  }

  /** The UTC day by which a nightly maintain removes what leaves its window at {@code from}. */
  private static String goneBy(long fromMillis, Duration window) {
    return Instant.ofEpochMilli(fromMillis)
        .plus(window)
        .plus(Duration.ofDays(1))
        .toString()
        .substring(0, 10);
  }

  private long snapshotMillis(String tag) {
    Table table = IcebergTables.load(spark, LakehouseTable.TRUSTED_CUSTOMER);
    return table.snapshot(table.refs().get(tag).snapshotId()).timestampMillis();
  }

  private long currentMillis() {
    return IcebergTables.load(spark, LakehouseTable.TRUSTED_CUSTOMER)
        .currentSnapshot()
        .timestampMillis();
  }
}
