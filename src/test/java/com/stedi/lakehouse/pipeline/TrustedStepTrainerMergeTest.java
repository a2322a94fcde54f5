package com.stedi.lakehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import org.junit.jupiter.api.Test;

class TrustedStepTrainerMergeTest extends LakehouseTestBase {

  @Test
  void keepsTheDistinctReadingsOfCuratedCustomersDevices() {
    deliver(
        "customer",
        "c.json",
        customer("curated@test.com", "s-curated", 1, true),
        customer("trusted-only@test.com", "s-trusted", 1, true),
        customer("private@test.com", "s-private", 1, false));
    deliver(
        "accelerometer",
        "a.json",
        accelerometer("curated@test.com", 100, 1, 1, 1),
        accelerometer("private@test.com", 100, 1, 1, 1));
    deliver(
        "step_trainer",
        "s.json",
        stepTrainer("s-curated", 100, 250),
        stepTrainer("s-curated", 100, 250),
        stepTrainer("s-curated", 300, 240),
        stepTrainer("s-trusted", 100, 230),
        stepTrainer("s-private", 100, 220),
        stepTrainer("s-unknown", 100, 210));

    run();

    assertThat(count("landing.step_trainer")).isEqualTo(6);
    assertThat(
            rows(
                "select serial_number, sensor_reading_time, sensor_reading_at,"
                    + " distance_from_object from trusted.step_trainer order by sensor_reading_time"))
        .containsExactly(
            row("s-curated", 100L, ts(100), 250), row("s-curated", 300L, ts(300), 240));
  }
}
