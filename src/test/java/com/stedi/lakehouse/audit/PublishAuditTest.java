package com.stedi.lakehouse.audit;

import static com.stedi.lakehouse.Deliveries.annAndBobConsentCatRefuses;
import static com.stedi.lakehouse.Deliveries.readingsOfAnnAndBob;
import static com.stedi.lakehouse.Deliveries.stepsOfAnnAndBob;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.Night;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.cli.Main;
import com.stedi.lakehouse.pipeline.Stage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The publish audits: each rule caught on a branch holding a planted fault, and a run whose audit
 * fails publishing nothing. One lakehouse: the faults live on branches that main never sees.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishAuditTest extends LakehouseTestBase {

  @Override
  protected boolean oneLakehousePerClass() {
    return true;
  }

  @BeforeAll
  void twoConsentingCustomersWithReadings() {
    openLakehouse();
    deliver(
        Night.number("1")
            .customers(annAndBobConsentCatRefuses(1_000))
            // eve's withdrawal ties with her consent on lastUpdateDate; its name sorts lower.
            .file(
                "customer",
                "c0.json",
                customer("eve@test.com", "s-eve", 1_000, true),
                customer("eve@test.com", "s-eve", 1_000, false, "customerName", "Aaron Eve"))
            .readings(readingsOfAnnAndBob(100))
            .steps(stepsOfAnnAndBob(100)));
    run();
  }

  @Test
  void aRowOfACustomerWithoutConsentFailsTheConsentAudit() {
    assertThatThrownBy(
            () ->
                auditWithPlanted(
                    "consent",
                    "insert into trusted.accelerometer values"
                        + " ('cat@test.com', 100, timestamp_millis(100), 1.0, 1.0, 1.0)"))
        .isInstanceOf(AuditFailure.class)
        .hasMessage(consentFinding("trusted.accelerometer", "user_email", "cat@test.com"));
  }

  @Test
  void aCustomerWhoseWithdrawalTiesWithAConsentFailsTheConsentAudit() {
    assertThatThrownBy(
            () ->
                auditWithPlanted(
                    "tie",
                    "insert into trusted.customer select 'eve@test.com', customer_name, phone,"
                        + " birth_day, 's-eve', registration_date, registration_at,"
                        + " last_update_date, last_update_at, share_with_research_as_of_date,"
                        + " share_with_research_at, share_with_public_as_of_date,"
                        + " share_with_public_at, share_with_friends_as_of_date,"
                        + " share_with_friends_at from trusted.customer where email = 'ann@test.com'"))
        .isInstanceOf(AuditFailure.class)
        .hasMessage(consentFinding("trusted.customer", "email", "eve@test.com"));
  }

  @Test
  void aStepTrainerReadingOfADeviceWhoseConsentingOwnerHasNoReadingsFailsTheConsentAudit() {
    assertThatThrownBy(
            () ->
                auditWithPlanted(
                    "no-readings",
                    "delete from trusted.accelerometer where user_email = 'ann@test.com'"))
        .isInstanceOf(AuditFailure.class)
        .hasMessage(consentFinding("trusted.step_trainer", "serial_number", "s-ann"));
  }

  @Test
  void aMachineLearningRowPairingTheDeviceWithAnotherCustomersReadingFailsTheConsentAudit() {
    // bob's reading at the instant of ann's device: what a join on the timestamp alone makes.
    assertThatThrownBy(
            () ->
                auditWithPlanted(
                    "stranger",
                    "insert into curated.machine_learning values ('s-ann', 100,"
                        + " timestamp_millis(100), 250, 0.0, 1.0, 0.0, 'train')"))
        .isInstanceOf(AuditFailure.class)
        .hasMessage(consentFinding("curated.machine_learning", "serial_number", "s-ann"));
  }

  /**
   * The update deletes ann's reading by position and writes it again with another x: she still
   * consents and has a reading, but her pair's reading is gone. No landing record arrived: the
   * audit finds her pair because a run that removed a row has every row audited.
   */
  @Test
  void aMachineLearningRowWhoseReadingTheRunChangedFailsTheConsentAudit() {
    assertThatThrownBy(
            () ->
                auditWithPlanted(
                    "changed-reading",
                    "update trusted.accelerometer set x = 9.0 where user_email = 'ann@test.com'"))
        .isInstanceOf(AuditFailure.class)
        .hasMessage(consentFinding("curated.machine_learning", "serial_number", "s-ann"));
  }

  @Test
  void twoRowsWithOneKeyFailTheUniqueKeyAudit() {
    assertThatThrownBy(
            () ->
                auditWithPlanted(
                    "unique",
                    "insert into trusted.step_trainer values"
                        + " ('s-ann', 100, timestamp_millis(100), 250)"))
        .isInstanceOf(AuditFailure.class)
        .hasMessage(
            "audit unique-key failed on trusted.step_trainer: 1 keys held by more than one row"
                + " (e.g. "
                + named("serial_number", "s-ann")
                + ")");
  }

  @Test
  void anEmailInTheMachineLearningTableFailsTheNoIdentifierAudit() {
    assertThatThrownBy(
            () ->
                auditWithPlanted(
                    "identifier",
                    "insert into curated.machine_learning values ('dan@test.com', 300,"
                        + " timestamp_millis(300), 250, 1.0, 0.0, 0.0, 'test')"))
        .isInstanceOf(AuditFailure.class)
        .hasMessage(
            "audit no-identifier failed on curated.machine_learning: 1 values of serial_number"
                + " shaped like an e-mail address (e.g. "
                + named("serial_number", "dan@test.com")
                + ")");
  }

  /**
   * A branch that removed no row is audited on the rows it added plus the rows of the customers
   * whose landing records arrived since main was published: a withdrawal the stages failed to apply
   * is caught though the branch changed nothing.
   */
  @Test
  @Order(Integer.MAX_VALUE - 1)
  void aWithdrawalTheStagesMissedIsCaughtOnABranchThatChangedNothing() {
    LakehouseTable landing = LakehouseTable.LANDING_CUSTOMER;
    long before = IcebergTables.load(spark, landing).currentSnapshot().snapshotId();
    try {
      appendTo(
          landing,
          spark
              .table(landing.logicalName())
              .where("email = 'ann@test.com'")
              .withColumn("last_update_date", lit(9_000L))
              .withColumn("share_with_research_as_of_date", lit(null).cast("long")));
      assertThatThrownBy(() -> auditWithPlanted("missed-withdrawal", "select 1"))
          .isInstanceOf(AuditFailure.class)
          .hasMessage(consentFinding("trusted.customer", "email", "ann@test.com"));
    } finally {
      spark.sql(
          String.format(
              "call %s.system.rollback_to_snapshot('%s', %d)",
              spark.conf().get("spark.sql.defaultCatalog"), landing.logicalName(), before));
    }
  }

  private static void appendTo(LakehouseTable table, Dataset<Row> rows) {
    try {
      rows.writeTo(table.logicalName()).append();
    } catch (NoSuchTableException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theTablesAsPublishedPassEveryAudit() {
    new PublishAudit(spark, 0, 0).check("run-x");
  }

  /** Last: it moves the lakehouse on by a night. */
  @Test
  @Order(Integer.MAX_VALUE)
  void aFailedAuditPublishesNothingKeepsTheBranchAndExitsNonZeroThenARunPublishes() {
    Map<LakehouseTable, Long> before = mainSnapshots();
    deliver("customer", "c2.json", customer("bob@test.com", "s-bob", 2_000, false));
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        Main.run(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "run",
            "--warehouse",
            warehouse.toString(),
            "--source",
            source.toString(),
            "--conf",
            "audit.max-row-loss=0.4",
            "--conf",
            "audit.row-loss-min-rows=2");

    openLakehouse(warehouse);
    String runId =
        (String) rows("select run_id from ops.runs where status = 'failed'").get(0).get(0);
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("stedi")))
        .containsExactly(
            "stedi run: Cannot publish "
                + runId
                + ": audit row-count failed on trusted.customer: 1 of 2 rows would go (50.0%),"
                + " over the 40.0% one run may remove; main is unchanged, the run's tables are on"
                + " branch audit");
    assertThat(mainSnapshots()).isEqualTo(before);
    assertThat(rows("select email from trusted.customer order by 1"))
        .containsExactly(row("ann@test.com"), row("bob@test.com"));
    assertThat(rows("select email from trusted.customer version as of 'audit'"))
        .containsExactly(row("ann@test.com"));

    run();

    assertThat(rows("select email from trusted.customer")).containsExactly(row("ann@test.com"));
    assertThat(rows("select serial_number from curated.machine_learning"))
        .containsExactly(row("s-ann"));
  }

  @Test
  void theAuditsLookAtTheRowsTheBranchAddedUnlessMainMovedUnderIt() {
    for (LakehouseTable table : mainSnapshots().keySet()) {
      spark.sql("alter table " + table.logicalName() + " create branch `added`");
    }
    spark.conf().set(IcebergTables.WAP_BRANCH, "added");
    try {
      spark.sql(
          "insert into trusted.step_trainer values ('s-ann', 200, timestamp_millis(200), 260)");
      AddedRows added = addedTo(LakehouseTable.TRUSTED_STEP_TRAINER, "sensor_reading_at");
      assertThat(added.wholeTable()).isFalse();
      assertThat(added.files()).hasSize(1);
      assertThat(added.days()).containsExactly(LocalDate.of(1970, 1, 1));
      assertThat(
              added
                  .rows(spark, LakehouseTable.TRUSTED_STEP_TRAINER)
                  .select("serial_number", "sensor_reading_time", "distance_from_object")
                  .collectAsList())
          .map(Row::toString)
          .containsExactly("[s-ann,200,260]");
      assertThat(addedTo(LakehouseTable.TRUSTED_CUSTOMER, null).none()).isTrue();

      IcebergTables.withoutWapBranch(
          spark,
          () ->
              spark.sql(
                  "call "
                      + spark.conf().get("spark.sql.defaultCatalog")
                      + ".system.rewrite_data_files(table => 'trusted.customer',"
                      + " options => map('rewrite-all', 'true'))"));
      assertThat(addedTo(LakehouseTable.TRUSTED_CUSTOMER, null).wholeTable()).isTrue();
    } finally {
      spark.conf().unset(IcebergTables.WAP_BRANCH);
      for (LakehouseTable table : mainSnapshots().keySet()) {
        spark.sql("alter table " + table.logicalName() + " drop branch if exists `added`");
      }
    }
  }

  /** The finding of a consent audit that one row fails, naming its customer or device. */
  private static String consentFinding(String table, String column, String value) {
    return "audit consent failed on "
        + table
        + ": 1 rows of customers whose latest record does not consent to research (e.g. "
        + named(column, value)
        + ")";
  }

  /** A text value as an audit finding names it. */
  private static String named(String column, String value) {
    return column + "=" + Pseudonyms.of(spark).of(column, value);
  }

  /** Plants a fault on a branch of its own and audits the branch; main never sees it. */
  private static void auditWithPlanted(String branch, String sql) {
    for (LakehouseTable table : mainSnapshots().keySet()) {
      spark.sql("alter table " + table.logicalName() + " create branch `" + branch + "`");
    }
    spark.conf().set(IcebergTables.WAP_BRANCH, branch);
    try {
      spark.sql(sql);
      new PublishAudit(spark, 1, 0).check("run-x");
    } finally {
      spark.conf().unset(IcebergTables.WAP_BRANCH);
    }
  }

  private static Map<LakehouseTable, Long> mainSnapshots() {
    Map<LakehouseTable, Long> ids = new EnumMap<>(LakehouseTable.class);
    for (LakehouseTable table : LakehouseTable.values()) {
      if (Stage.isPublished(table)) {
        ids.put(table, IcebergTables.load(spark, table).currentSnapshot().snapshotId());
      }
    }
    return ids;
  }

  /** What the session's branch added to a table since it left main. */
  private static AddedRows addedTo(LakehouseTable table, String dayColumn) {
    return AddedRows.since(spark, IcebergTables.load(spark, table), dayColumn);
  }
}
