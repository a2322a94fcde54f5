package com.stedi.lakehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import org.junit.jupiter.api.Test;

class TrustedAccelerometerMergeTest extends LakehouseTestBase {

  @Test
  void keepsTheDistinctReadingsOfTrustedCustomersOnly() {
    deliver(
        "customer",
        "c.json",
        customer("yes@test.com", "s-yes", 1, true),
        customer("no@test.com", "s-no", 1, false));
    deliver(
        "accelerometer",
        "a1.json",
        accelerometer("yes@test.com", 100, 1, 0, -1),
        accelerometer("yes@test.com", 100, 0, 1, -1),
        accelerometer("YES@test.com", 200, 1, 1, 1),
        accelerometer("no@test.com", 100, 1, 0, -1));
    deliver("accelerometer", "a2.json", accelerometer("yes@test.com", 100, 1, 0, -1));

    run();

    assertThat(count("landing.accelerometer")).isEqualTo(5);
    assertThat(
            rows(
                "select user_email, reading_time, reading_at, x, y, z"
                    + " from trusted.accelerometer order by reading_time, x"))
        .containsExactly(
            row("yes@test.com", 100L, ts(100), 0.0, 1.0, -1.0),
            row("yes@test.com", 100L, ts(100), 1.0, 0.0, -1.0),
            row("yes@test.com", 200L, ts(200), 1.0, 1.0, 1.0));
  }
}
