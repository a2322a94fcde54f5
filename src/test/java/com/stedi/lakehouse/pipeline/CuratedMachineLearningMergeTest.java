package com.stedi.lakehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.Deliveries;
import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.migration.SchemaMigrations;
import org.junit.jupiter.api.Test;

class CuratedMachineLearningMergeTest extends LakehouseTestBase {

  @Test
  void pairsEachStepReadingWithItsOwnersReadingsAtTheSameInstantOnly() {
    deliver("customer", "c.json", Deliveries.annAndBobConsent(1));
    // Ann has two readings at 100; Bob shares the instant 100 with Ann.
    deliver(
        "accelerometer",
        "a.json",
        accelerometer("ann@test.com", 100, 1, 0, 0),
        accelerometer("ann@test.com", 100, 0, 1, 0),
        accelerometer("ann@test.com", 200, 0, 0, 1),
        accelerometer("bob@test.com", 100, -1, -1, -1));
    deliver(
        "step_trainer",
        "s.json",
        stepTrainer("s-ann", 100, 250),
        stepTrainer("s-ann", 150, 240),
        stepTrainer("s-bob", 300, 230));

    run();

    assertThat(rows("select * from curated.machine_learning order by x"))
        .containsExactly(
            row("s-ann", 100L, ts(100), 250, 0.0, 1.0, 0.0, "train"),
            row("s-ann", 100L, ts(100), 250, 1.0, 0.0, 0.0, "train"));
  }

  @Test
  void holdsNoDirectIdentifier() {
    SchemaMigrations.bundled(spark).migrate(SchemaMigrations.LATEST, line -> {});

    assertThat(spark.table("curated.machine_learning").columns())
        .containsExactly(
            "serial_number",
            "sensor_reading_time",
            "sensor_reading_at",
            "distance_from_object",
            "x",
            "y",
            "z",
            "split");
  }
}
