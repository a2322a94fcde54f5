package com.stedi.lakehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.SparkWork;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What a night costs in Spark SQL executions, Spark jobs and Iceberg commits (issue 20, decision
 * 1), counted with {@link SparkWork}, and in the files it writes: a night with nothing new decides
 * from metadata alone.
 */
class RunCostTest extends LakehouseTestBase {
  private static final long DAY = 86_400_000L;

  @Test
  void aNightWithNothingNewRunsNoSparkJobAndCommitsOnlyItsRecord() {
    deliverTwoCustomersWithReadings();
    run();

    SparkWork.Cost cost = SparkWork.measure(spark, this::run);
    System.out.print(cost.describe("nothing new"));

    assertThat(cost.jobs()).isEmpty();
    // One ops.runs row and one append of ops.run_tables rows; no table changed, so no run tag.
    Map<LakehouseTable, Integer> record =
        Map.of(LakehouseTable.OPS_RUNS, 1, LakehouseTable.OPS_RUN_TABLES, 1);
    assertThat(cost.commits()).isEqualTo(record);
    assertThat(cost.totalCommits()).isEqualTo(2);
    assertThat(cost.snapshots()).isEqualTo(record);
  }

  @Test
  void aReadingsOnlyNightReadsNoEarlierDayOfTheTablesItAppendsTo() {
    // 40 of ann's readings on day 0, then one on day 1.
    deliverTwoCustomersWithReadings();
    deliverReadings("day0.json", "ann@test.com", 40);
    run();
    deliver("accelerometer", "day1.json", accelerometer("ann@test.com", DAY + 5, 1, 1, 1));

    SparkWork.Cost cost = SparkWork.measure(spark, this::run);

    assertThat(count("trusted.accelerometer")).isEqualTo(43);
    // The stage reads the new reading, the trusted customers and day 1 of its table: fewer rows
    // than day 0 alone holds.
    assertThat(cost.recordsRead("merge trusted.accelerometer")).isBetween(1L, 39L);
  }

  @Test
  void aFirstLoadPairsTheTrustedStepTrainerReadingsWithoutReadingLandingAgain() {
    // Ann and bob consent, each with one reading and its step; 60 readings of a customer stedi
    // does not know stay in landing.
    deliverTwoCustomersWithReadings();
    deliverReadings("unknown.json", "dan@test.com", 60);

    SparkWork.Cost cost = SparkWork.measure(spark, this::run);

    assertThat(count("landing.accelerometer")).isEqualTo(62);
    assertThat(count("curated.machine_learning")).isEqualTo(2);
    // The load's step readings are trusted.step_trainer's (machine_learning.owned_steps.bulk.sql):
    // the stage reads the trusted and curated tables, a few rows each, and no landing reading.
    assertThat(cost.recordsRead("merge curated.machine_learning")).isBetween(1L, 59L);
  }

  @Test
  void aWithdrawalReadsNoLandingReadingAgain() {
    // Ann and bob consent, each with one reading and its step; 60 readings and 60 steps of a
    // customer stedi does not know stay in landing. Then bob withdraws.
    deliverTwoCustomersWithReadings();
    deliverReadings("unknown.json", "dan@test.com", 60);
    deliver(
        "step_trainer",
        "unknown.json",
        IntStream.range(0, 60)
            .mapToObj(i -> stepTrainer("s-dan", 1_000 + i, i))
            .toArray(String[]::new));
    run();
    deliver("customer", "c2.json", customer("bob@test.com", "s-bob", 2_000, false));

    SparkWork.Cost cost = SparkWork.measure(spark, this::run);

    assertThat(rows("select user_email from trusted.accelerometer"))
        .containsExactly(row("ann@test.com"));
    assertThat(rows("select serial_number from trusted.step_trainer"))
        .containsExactly(row("s-ann"));
    // Bob keeps no reading, so his landing history is not read: the stages read the trusted
    // rows they hold and the customers, a few rows each.
    assertThat(cost.recordsRead("merge trusted.accelerometer")).isBetween(1L, 59L);
    assertThat(cost.recordsRead("merge trusted.step_trainer")).isBetween(1L, 59L);
  }

  @Test
  void aReadingsOnlyNightCommitsLandingTheStagesThatWriteTheirPublishAndItsRecord() {
    deliverTwoCustomersWithReadings();
    run();
    deliver(
        "accelerometer",
        "a2.json",
        accelerometer("ann@test.com", 200, 1, 1, 0),
        accelerometer("bob@test.com", 200, 0, 1, 1));
    deliver("step_trainer", "s2.json", stepTrainer("s-ann", 200, 230));

    SparkWork.Cost cost = SparkWork.measure(spark, this::run);
    System.out.print(cost.describe("readings only"));

    // Issue 20's budget: at most 15 Spark SQL executions that run a job.
    assertThat(cost.executions()).isLessThanOrEqualTo(15);
    // The stages and the audit are planned once (StaticPlanning): 33 jobs, against 64 when
    // adaptive execution ran each query stage as a job of its own.
    assertThat(cost.jobs()).hasSizeLessThanOrEqualTo(40);
    // Landing: one append each. A stage that writes: its write on the audit branch, which the
    // first night left at main's head, and one commit that fast-forwards main and tags the run.
    // curated.customer's inputs moved but its rows did not: one commit that records the positions
    // it consumed, with its publish. trusted.customer's inputs did not move: nothing. Then the run
    // record and the file ledger.
    Map<LakehouseTable, Integer> expected = new EnumMap<>(LakehouseTable.class);
    expected.put(LakehouseTable.LANDING_ACCELEROMETER, 1);
    expected.put(LakehouseTable.LANDING_STEP_TRAINER, 1);
    expected.put(LakehouseTable.TRUSTED_ACCELEROMETER, 2);
    expected.put(LakehouseTable.CURATED_CUSTOMER, 1);
    expected.put(LakehouseTable.TRUSTED_STEP_TRAINER, 2);
    expected.put(LakehouseTable.CURATED_MACHINE_LEARNING, 2);
    expected.put(LakehouseTable.OPS_RUNS, 1);
    expected.put(LakehouseTable.OPS_RUN_TABLES, 1);
    expected.put(LakehouseTable.OPS_SOURCE_FILES, 1);
    assertThat(cost.commits()).isEqualTo(expected);
    // Issue 20's budget: at most 12.
    assertThat(cost.totalCommits()).isEqualTo(12);

    // A stage whose rows did not change still consumed its inputs: a night with nothing new
    // after it decides from metadata alone.
    assertThat(SparkWork.measure(spark, this::run).jobs()).isEmpty();

    // A consent night after it: at most 22 executions that run a job.
    deliver("customer", "c2.json", customer("bob@test.com", "s-bob", 2_000, false));
    SparkWork.Cost consent = SparkWork.measure(spark, this::run);
    System.out.print(consent.describe("consent change"));
    assertThat(consent.executions()).isBetween(1, 22);
    // 45 jobs, against 104 with adaptive execution.
    assertThat(consent.jobs()).hasSizeLessThanOrEqualTo(55);
  }

  @Test
  void aNightWritesOneFileToEachTableOfReadingsForEachDayItTouches() {
    deliverTwoCustomersWithReadings();
    run();
    // 20 readings and steps of ann's on each of days 1 and 2: more rows than shuffle partitions.
    String[] readings = new String[40];
    String[] steps = new String[40];
    for (int i = 0; i < 40; i++) {
      long time = (1 + i / 20) * DAY + i;
      readings[i] = accelerometer("ann@test.com", time, i, 0, 0);
      steps[i] = stepTrainer("s-ann", time, i);
    }
    deliver("accelerometer", "days12.json", readings);
    deliver("step_trainer", "days12.json", steps);
    // A run's default; tests run with 1 (where any write gives a file per day), which the next
    // test's session is opened with again.
    spark.conf().set("spark.sql.shuffle.partitions", "8");

    run();

    for (LakehouseTable t :
        List.of(
            LakehouseTable.TRUSTED_ACCELEROMETER,
            LakehouseTable.TRUSTED_STEP_TRAINER,
            LakehouseTable.CURATED_MACHINE_LEARNING)) {
      Map<String, String> night = IcebergTables.load(spark, t).currentSnapshot().summary();
      assertThat(night).as(t.toString()).containsEntry("added-records", "40");
      assertThat(night).as(t.toString()).containsEntry("added-data-files", "2");
    }
  }

  /** A file of {@code count} readings of one user, at instants 1000, 1001, ... of day 0. */
  private void deliverReadings(String file, String user, int count) {
    deliver(
        "accelerometer",
        file,
        IntStream.range(0, count)
            .mapToObj(i -> accelerometer(user, 1_000 + i, i, 0, 0))
            .toArray(String[]::new));
  }
}
