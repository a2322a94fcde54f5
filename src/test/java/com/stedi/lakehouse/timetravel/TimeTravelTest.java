package com.stedi.lakehouse.timetravel;

import static com.stedi.lakehouse.Deliveries.annAndBobConsentCatRefuses;
import static com.stedi.lakehouse.Deliveries.readingsOfAnnTwiceBobAndCat;
import static com.stedi.lakehouse.Deliveries.stepsOfAnnTwiceBobAndCat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.Night;
import com.stedi.lakehouse.StediCli;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.cli.ExitCode;
import com.stedi.lakehouse.pipeline.Stage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Time travel and catalog commands on one lakehouse of three nights: ann and bob consent, cat does
 * not; on night 2 bob withdraws and ann has a new reading; on night 3 dan arrives. The read-only
 * commands come first; the rollbacks change the lakehouse, so they come last, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TimeTravelTest extends LakehouseTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final LakehouseTable CUSTOMER = LakehouseTable.TRUSTED_CUSTOMER;
  private static final LakehouseTable ML = LakehouseTable.CURATED_MACHINE_LEARNING;

  private final StediCli cli = new StediCli();
  private String night1;
  private String night2;
  private String night3;
  private Instant afterNight1;
  private Map<String, List<String>> afterNight3;

  @Override
  protected boolean oneLakehousePerClass() {
    return true;
  }

  @BeforeAll
  void threeNights() {
    openLakehouse();
    deliver(
        Night.number("1")
            .customers(annAndBobConsentCatRefuses(1_000))
            .readings(readingsOfAnnTwiceBobAndCat(1_000, 2_000))
            .steps(stepsOfAnnTwiceBobAndCat(1_000, 2_000, 10, 11, 12, 13)));
    night1 = run().runId();
    afterNight1 = Instant.now();

    deliver("customer", "c2.json", customer("bob@test.com", "s-bob", 2_000, false));
    deliver("accelerometer", "a2.json", accelerometer("ann@test.com", 3_000, 2, 0, 0));
    deliver("step_trainer", "s2.json", stepTrainer("s-ann", 3_000, 14));
    night2 = run().runId();

    deliver("customer", "c3.json", customer("dan@test.com", "s-dan", 3_000, true));
    deliver("accelerometer", "a3.json", accelerometer("dan@test.com", 1_000, 3, 0, 0));
    deliver("step_trainer", "s3.json", stepTrainer("s-dan", 1_000, 15));
    night3 = run().runId();
    afterNight3 = zoneContents();
  }

  @Test
  @Order(1)
  void timeTravelToBeforeARunShowsTheEarlierRowsExactly() throws Exception {
    assertThat(jsonRows("sql", "select email from trusted.customer version as of '" + night1 + "'"))
        .containsExactly("ann@test.com", "bob@test.com");
    assertThat(jsonRows("sql", "--as-of", night2, "select email from trusted.customer"))
        .containsExactly("ann@test.com");
    assertThat(jsonRows("sql", "select email from trusted.customer order by email"))
        .containsExactly("ann@test.com", "dan@test.com");
  }

  @Test
  @Order(1)
  void athenaTimeTravelSyntaxGivesWhatSparkSyntaxGives() throws Exception {
    long night1Snapshot = snapshotAfter(LakehouseTable.TRUSTED_CUSTOMER, night1);
    String time = afterNight1.toString().replace('T', ' ').replace("Z", " UTC");

    List<String> athenaVersion =
        jsonRows(
            "sql",
            "select email from \"trusted\".\"customer\" for version as of "
                + night1Snapshot
                + " order by email");
    List<String> athenaTime =
        jsonRows(
            "sql",
            "SELECT email FROM \"trusted\".\"customer\" FOR TIMESTAMP AS OF TIMESTAMP '"
                + time
                + "' ORDER BY email");
    List<String> spark =
        jsonRows(
            "sql",
            "select email from trusted.customer version as of "
                + night1Snapshot
                + " order by email");

    assertThat(spark).containsExactly("ann@test.com", "bob@test.com");
    assertThat(athenaVersion).isEqualTo(spark);
    assertThat(athenaTime).isEqualTo(spark);
    assertThat(
            jsonRows(
                "sql",
                "select cast(count(*) as string) as n from \"trusted\".\"customer$snapshots\""))
        .isEqualTo(
            jsonRows(
                "sql", "select cast(count(*) as string) as n from trusted.customer.snapshots"));
  }

  @Test
  @Order(1)
  void asOfARunReadsEveryTableOfThatNight() throws Exception {
    String counts =
        "with consenting as (select email, serial_number from trusted.customer)"
            + " select concat_ws(' ',"
            + " (select count(*) from consenting),"
            + " (select count(*) from trusted.accelerometer),"
            + " (select count(*) from curated.machine_learning"
            + "   where serial_number in (select serial_number from consenting)),"
            + " (select count(*) from landing.customer)) as n";

    // Landing has no run tags: it is read as of the run's end in ops.runs.
    assertThat(IcebergTables.load(spark, LakehouseTable.LANDING_CUSTOMER).refs())
        .containsOnlyKeys("main");
    assertThat(stedi("as-of", night1, "--format", "json", "--", counts)).as(err()).isZero();
    assertThat(values("n")).containsExactly("2 3 3 3");
    assertThat(stedi("as-of", night2, "--format", "json", "--", counts)).as(err()).isZero();
    assertThat(values("n")).containsExactly("1 3 3 4");
    assertThat(stedi("as-of", night3, "--format", "json", "--", counts)).as(err()).isZero();
    assertThat(values("n")).containsExactly("2 4 4 5");

    assertThat(stedi("as-of", night1, "--", "select email from trusted.customer order by email"))
        .isZero();
    assertThat(out()).isEqualTo("email\nann@test.com\nbob@test.com\n(2 rows)\n");
    assertThat(err())
        .isEqualTo(
            "trusted.customer as of "
                + night1
                + ": snapshot "
                + snapshotAfter(LakehouseTable.TRUSTED_CUSTOMER, night1)
                + "\n");

    assertThat(
            stedi(
                "as-of",
                night1,
                "--",
                "insert into trusted.customer select * from trusted.customer"))
        .isEqualTo(ExitCode.INVALID);
    assertThat(err())
        .isEqualTo(
            "stedi as-of: Cannot read as of "
                + night1
                + ": not a query; as-of only reads (select or with)\n");
    assertThat(count("trusted.customer")).isEqualTo(2);

    assertThat(
            stedi("as-of", "run-19990101T000000Z-000000", "--", "select 1 from trusted.customer"))
        .isEqualTo(ExitCode.INVALID);
    assertThat(err())
        .isEqualTo(
            "stedi as-of: Cannot find run run-19990101T000000Z-000000: no table has its tag and"
                + " ops.runs has no such run\n");
  }

  @Test
  @Order(1)
  void tablesListsEveryTableWithItsSnapshotRowsFilesAndLastRun() throws Exception {
    assertThat(stedi("tables", "--format", "json")).as(err()).isZero();
    JsonNode tables = JSON.readTree(out());
    assertThat(tables).hasSize(LakehouseTable.values().length);
    JsonNode customers = tables.get(LakehouseTable.TRUSTED_CUSTOMER.ordinal());
    assertThat(customers.get("table").asText()).isEqualTo("trusted.customer");
    assertThat(customers.get("formatVersion").asInt()).isEqualTo(2);
    assertThat(customers.get("rows").asLong()).isEqualTo(2);
    assertThat(customers.get("lastRunId").asText()).isEqualTo(night3);
    assertThat(customers.get("currentSnapshotId").asLong())
        .isEqualTo(IcebergTables.currentSnapshotId(spark, LakehouseTable.TRUSTED_CUSTOMER));
    assertThat(customers.get("dataFiles").asLong()).isPositive();
    assertThat(customers.get("dataBytes").asLong()).isPositive();
    // bob's withdrawal on night 2 was a merge-on-read delete
    assertThat(customers.get("deleteFiles").asLong()).isEqualTo(1);
    assertThat(customers.get("location").asText()).startsWith("file:");
    JsonNode rejects = tables.get(LakehouseTable.LANDING_REJECTS.ordinal());
    assertThat(rejects.get("currentSnapshotId").isNull()).isTrue();
    assertThat(rejects.get("rows").asLong()).isZero();

    assertThat(stedi("tables")).isZero();
    assertThat(out().lines().findFirst().orElseThrow())
        .startsWith("table")
        .contains("snapshot", "rows", "delete files", "last run");
  }

  @Test
  @Order(1)
  void describeShowsSchemaDocsSpecSortPropertiesAndRefs() throws Exception {
    assertThat(stedi("describe", "trusted.accelerometer", "--format", "json")).as(err()).isZero();
    JsonNode d = JSON.readTree(out());
    assertThat(d.get("columns").get(0).get("name").asText()).isEqualTo("user_email");
    assertThat(d.get("columns").get(0).get("type").asText()).isEqualTo("string");
    assertThat(d.get("columns").get(0).get("doc").asText())
        .isEqualTo("E-mail of the customer in lower case (a trusted.customer email)");
    assertThat(d.get("partitionSpec").get(0).asText()).isEqualTo("day(reading_at)");
    assertThat(d.get("sortOrder").toString())
        .isEqualTo("[\"user_email ASC NULLS FIRST\",\"reading_time ASC NULLS FIRST\"]");
    assertThat(d.get("formatVersion").asInt()).isEqualTo(2);
    assertThat(d.get("properties").get("write.merge.mode").asText()).isEqualTo("merge-on-read");
    List<String> refs = new ArrayList<>();
    d.get("refs").forEach(r -> refs.add(r.get("name").asText() + " " + r.get("type").asText()));
    assertThat(refs)
        .containsExactlyInAnyOrder(
            "main branch", "audit branch", night1 + " tag", night2 + " tag", night3 + " tag");

    assertThat(stedi("describe", "trusted.nothing")).isEqualTo(ExitCode.INVALID);
    assertThat(err())
        .startsWith(
            "stedi describe: Cannot find table 'trusted.nothing': expected one of landing.customer, ");
  }

  @Test
  @Order(1)
  void historyListsEachSnapshotWithItsRunRowsAndTag() throws Exception {
    assertThat(stedi("history", "trusted.customer", "--format", "json")).as(err()).isZero();
    List<String> lines = new ArrayList<>();
    for (JsonNode s : JSON.readTree(out())) {
      if (s.get("onMain").asBoolean()) {
        lines.add(
            s.get("runId").asText()
                + " +"
                + s.get("rowsAdded").asLong()
                + " -"
                + s.get("rowsDeleted").asLong()
                + " "
                + s.get("tags"));
      }
    }
    // Night 1's first write made the audit branch, so main starts with night 1's rows.
    assertThat(lines)
        .containsExactly(
            night1 + " +2 -0 [\"" + night1 + "\"]",
            night2 + " +0 -1 [\"" + night2 + "\"]",
            night3 + " +1 -0 [\"" + night3 + "\"]");
  }

  @Test
  @Order(1)
  void diffCountsAndListsTheRowsBetweenTwoRuns() throws Exception {
    assertThat(
            stedi(
                "diff",
                "trusted.customer",
                "--from",
                night1,
                "--to",
                night3,
                "--rows",
                "--format",
                "json"))
        .as(err())
        .isZero();
    JsonNode diff = JSON.readTree(out());
    assertThat(diff.get("added").asLong()).isEqualTo(1);
    assertThat(diff.get("removed").asLong()).isEqualTo(1);
    List<String> rows = new ArrayList<>();
    diff.get("rows")
        .forEach(r -> rows.add(r.get("change").asText() + " " + r.get("email").asText()));
    assertThat(rows).containsExactlyInAnyOrder("added dan@test.com", "removed bob@test.com");

    assertThat(stedi("diff", "curated.machine_learning", "--from", night1, "--to", night2))
        .isZero();
    assertThat(out())
        .isEqualTo(
            "curated.machine_learning from "
                + night1
                + " (snapshot "
                + snapshotAfter(LakehouseTable.CURATED_MACHINE_LEARNING, night1)
                + ") to "
                + night2
                + " (snapshot "
                + snapshotAfter(LakehouseTable.CURATED_MACHINE_LEARNING, night2)
                + "): 1 added, 1 removed\n");

    // A table without run tags: each run is found by its end in ops.runs.
    assertThat(stedi("diff", "landing.customer", "--from", night1, "--to", night3)).isZero();
    assertThat(out())
        .isEqualTo(
            "landing.customer from "
                + night1
                + " (snapshot "
                + snapshotMadeBy(LakehouseTable.LANDING_CUSTOMER, night1)
                + ") to "
                + night3
                + " (snapshot "
                + snapshotMadeBy(LakehouseTable.LANDING_CUSTOMER, night3)
                + "): 2 added, 0 removed\n");
  }

  @Test
  @Order(2)
  void rollbackPastAWithdrawalKeepsTheCustomerOutAndTheNextRunBringsTablesForward()
      throws Exception {
    assertThat(stedi("rollback", "--run", night1, "--format", "json")).as(err()).isZero();
    JsonNode result = JSON.readTree(out());
    String rollbackId = result.get("rollback_id").asText();
    assertThat(rollbackId).startsWith("rollback-");

    // night 1 had ann and bob; bob withdrew since, so only ann comes back
    assertThat(rows("select email from trusted.customer")).containsExactly(row("ann@test.com"));
    assertThat(rows("select user_email, reading_time from trusted.accelerometer order by 2"))
        .containsExactly(row("ann@test.com", 1_000L), row("ann@test.com", 2_000L));
    assertThat(
            rows(
                "select serial_number, distance_from_object from curated.machine_learning order by 2"))
        .containsExactly(row("s-ann", 10), row("s-ann", 11));
    assertThat(rows("select status, source from ops.runs where run_id = '%s'", rollbackId))
        .containsExactly(row("succeeded", "rollback to " + night1));
    // Like a run, the rollback tags the tables it changed (here every published one), no other.
    for (LakehouseTable t : LakehouseTable.zoneTables()) {
      assertThat(IcebergTables.load(spark, t).refs().containsKey(rollbackId))
          .as("%s tagged %s", t, rollbackId)
          .isEqualTo(Stage.isPublished(t));
    }
    JsonNode customers = result.get("tables").get(0);
    assertThat(customers.get("table").asText()).isEqualTo("trusted.customer");
    assertThat(customers.get("added").asLong()).isZero();
    assertThat(customers.get("removed").asLong()).isEqualTo(1);
    assertThat(
            IcebergTables.load(spark, LakehouseTable.TRUSTED_CUSTOMER).currentSnapshot().summary())
        .containsEntry("stedi.run-id", rollbackId);

    // the same rollback again changes nothing
    assertThat(stedi("rollback", "--run", night1, "--format", "json")).as(err()).isZero();
    JsonNode again = JSON.readTree(out());
    again.get("tables").forEach(t -> assertThat(t.get("snapshot_id").isNull()).isTrue());

    // landing is unchanged, so the next run brings every table forward to where it was
    run();
    assertThat(zoneContents()).isEqualTo(afterNight3);
  }

  @Test
  @Order(3)
  void aRollbackOfOneTableIsUndoneByRollingBackToTheSnapshotBeforeIt() throws Exception {
    long before = IcebergTables.currentSnapshotId(spark, LakehouseTable.TRUSTED_CUSTOMER);
    assertThat(stedi("rollback", "--table", "trusted.customer", "--to", night2)).as(err()).isZero();
    assertThat(rows("select email from trusted.customer")).containsExactly(row("ann@test.com"));
    assertThat(out()).startsWith("rollback-").contains("trusted.customer");

    assertThat(stedi("rollback", "--table", "trusted.customer", "--to", Long.toString(before)))
        .as(err())
        .isZero();
    assertThat(rows("select email from trusted.customer order by email"))
        .containsExactly(row("ann@test.com"), row("dan@test.com"));

    spark.sql("alter table trusted.customer create branch `side`");
    spark.sql("insert into trusted.customer.branch_side select * from trusted.customer");
    assertThat(stedi("rollback", "--table", "trusted.customer", "--to", "side"))
        .isEqualTo(ExitCode.INVALID);
    assertThat(err())
        .startsWith("stedi rollback: Cannot roll back trusted.customer to snapshot ")
        .endsWith(
            ": it is not in the main branch's history (a failed run's audit branch?); choose one"
                + " `stedi history` marks with *\n");

    assertThat(stedi("rollback", "--table", "landing.customer", "--to", night1))
        .isEqualTo(ExitCode.INVALID);
    assertThat(err())
        .isEqualTo(
            "stedi rollback: Cannot roll back landing.customer: only trusted and curated tables"
                + " roll back; landing is the record of what arrived\n");
  }

  @Test
  @Order(1)
  void everyQueryOfTheAthenaGuideRunsWithTheResultsItPromises() throws Exception {
    String guide = Files.readString(Path.of("docs/athena.md"), StandardCharsets.UTF_8);
    Matcher block = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL).matcher(guide);
    List<String> queries = new ArrayList<>();
    while (block.find()) {
      queries.add(
          block
              .group(1)
              .replace("<run-20261123T010203Z-3f9a1c>", night1)
              .replace("<snapshot id>", Long.toString(snapshotAfter(ML, night1)))
              .replace("<earlier snapshot id>", Long.toString(snapshotAfter(CUSTOMER, night1)))
              .replace("<later snapshot id>", Long.toString(snapshotAfter(CUSTOMER, night3)))
              .replace(
                  "<2026-11-23 06:00:00 UTC>",
                  afterNight1.toString().replace('T', ' ').replace("Z", " UTC")));
    }
    assertThat(queries).hasSize(9);
    List<List<String>> results = new ArrayList<>();
    for (String query : queries) {
      assertThat(stedi("sql", "--format", "json", query)).as(query + err()).isZero();
      results.add(out().lines().toList());
    }
    assertThat(results.get(0))
        .containsExactly(
            "{\"table_name\":\"landing.customer\",\"row_count\":5}",
            "{\"table_name\":\"landing.accelerometer\",\"row_count\":6}",
            "{\"table_name\":\"landing.step_trainer\",\"row_count\":6}",
            "{\"table_name\":\"trusted.customer\",\"row_count\":2}",
            "{\"table_name\":\"trusted.accelerometer\",\"row_count\":4}",
            "{\"table_name\":\"trusted.step_trainer\",\"row_count\":4}",
            "{\"table_name\":\"curated.customer\",\"row_count\":2}",
            "{\"table_name\":\"curated.machine_learning\",\"row_count\":4}");
    assertThat(results.get(1)).hasSize(3);
    assertThat(results.get(2)).hasSize(9);
    assertThat(results.get(3)).hasSize(1).allMatch(r -> r.contains(night1));
    assertThat(results.get(4)).containsExactly("{\"row_count\":3}");
    assertThat(results.get(5)).isNotEmpty();
    assertThat(results.get(6))
        .containsExactlyInAnyOrder(
            "{\"change\":\"added\",\"row_count\":1}", "{\"change\":\"removed\",\"row_count\":1}");
    // One snapshot a night: no empty first one, since no branch is made on an empty table.
    assertThat(results.get(7)).hasSize(3);
    assertThat(results.get(8)).hasSize(5);
  }

  private long snapshotAfter(LakehouseTable table, String runId) {
    return IcebergTables.load(spark, table).refs().get(runId).snapshotId();
  }

  /** The snapshot a run committed to a table, found by the run id in its summary. */
  private long snapshotMadeBy(LakehouseTable table, String runId) {
    List<Long> made = new ArrayList<>();
    for (Snapshot s : IcebergTables.load(spark, table).snapshots()) {
      if (runId.equals(s.summary().get(IcebergTables.RUN_ID_PROPERTY))) {
        made.add(s.snapshotId());
      }
    }
    assertThat(made).as("snapshots of %s made by %s", table, runId).hasSize(1);
    return made.get(0);
  }

  /** The single column of a query's rows, through `stedi sql --format json`. */
  private List<String> jsonRows(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(1, "--format");
    all.add(2, "json");
    assertThat(stedi(all.toArray(String[]::new))).as(err()).isZero();
    List<String> values = new ArrayList<>();
    for (String line : out().lines().toList()) {
      JsonNode row = JSON.readTree(line);
      values.add(row.elements().next().asText());
    }
    return values;
  }

  private List<String> values(String column) throws Exception {
    List<String> values = new ArrayList<>();
    for (String line : out().lines().toList()) {
      values.add(JSON.readTree(line).get(column).asText());
    }
    return values;
  }

  private int stedi(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    int split = all.indexOf("--");
    all.addAll(split < 0 ? all.size() : split, List.of("--warehouse", warehouse.toString()));
    return cli.run(all.toArray(String[]::new));
  }

  private String out() {
    return cli.out();
  }

  private String err() {
    return cli.err();
  }
}
