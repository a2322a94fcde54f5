package com.stedi.lakehouse.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.SparkWork;
import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a night costs in Spark SQL executions and Iceberg commits (issue 20, decision 1), counted
 * with {@link SparkWork}: a night with nothing new decides from metadata alone.
 */
class RunCostTest extends LakehouseTestBase {

  private void deliverTwoCustomersWithReadings() {
    deliver(
        "customer",
        "c1.json",
        customer("ann@test.com", "s-ann", 1_000, true),
        customer("bob@test.com", "s-bob", 1_000, true));
    deliver(
        "accelerometer",
        "a1.json",
        accelerometer("ann@test.com", 100, 1, 0, 0),
        accelerometer("bob@test.com", 100, 0, 1, 0));
    deliver(
        "step_trainer", "s1.json", stepTrainer("s-ann", 100, 250), stepTrainer("s-bob", 100, 240));
  }

  @Test
  void aNightWithNothingNewRunsNoSparkJobAndCommitsOnlyItsRecordAndTags() {
    deliverTwoCustomersWithReadings();
    run();

    SparkWork.Cost cost = SparkWork.measure(spark, this::run);
    System.out.print(cost.describe("nothing new"));

    assertThat(cost.jobs()).isEmpty();
    // A run tag on each zone table with a snapshot (landing.rejects has none: nothing was
    // quarantined), one ops.runs row, one append of ops.run_tables rows.
    Map<LakehouseTable, Integer> oneEach = new EnumMap<>(LakehouseTable.class);
    for (LakehouseTable t : LakehouseTable.zoneTables()) {
      if (t != LakehouseTable.LANDING_REJECTS) {
        oneEach.put(t, 1);
      }
    }
    oneEach.put(LakehouseTable.OPS_RUNS, 1);
    oneEach.put(LakehouseTable.OPS_RUN_TABLES, 1);
    assertThat(cost.commits()).isEqualTo(oneEach);
    assertThat(cost.totalCommits()).isEqualTo(10);
    assertThat(cost.snapshots())
        .isEqualTo(Map.of(LakehouseTable.OPS_RUNS, 1, LakehouseTable.OPS_RUN_TABLES, 1));
  }

  /** For information: the counts of a readings-only night and a consent night, not asserted. */
  @Test
  void printsTheCostOfAReadingsOnlyNightAndAConsentNight() {
    deliverTwoCustomersWithReadings();
    run();

    deliver(
        "accelerometer",
        "a2.json",
        accelerometer("ann@test.com", 200, 1, 1, 0),
        accelerometer("bob@test.com", 200, 0, 1, 1));
    deliver("step_trainer", "s2.json", stepTrainer("s-ann", 200, 230));
    SparkWork.Cost readings = SparkWork.measure(spark, this::run);
    System.out.print(readings.describe("readings only"));

    deliver("customer", "c2.json", customer("bob@test.com", "s-bob", 2_000, false));
    SparkWork.Cost consent = SparkWork.measure(spark, this::run);
    System.out.print(consent.describe("consent change"));

    assertThat(readings.jobs()).isNotEmpty();
    assertThat(consent.jobs()).isNotEmpty();
  }
}
