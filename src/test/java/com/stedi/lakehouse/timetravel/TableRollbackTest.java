package com.stedi.lakehouse.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.StediCli;
import org.junit.jupiter.api.Test;

/** Rollback against consent, on lakehouses of hand-written nights. */
class TableRollbackTest extends LakehouseTestBase {
  private final StediCli cli = new StediCli();

  /**
   * ann and bob both own device S1; only ann has readings, so only she pairs with S1's step trainer
   * reading. dan, with a device of his own, is the control. ann withdraws; rolling back to the
   * first night must not bring back her machine-learning row (her x, y, z) nor S1's reading: bob
   * consents and owns S1 too, but has no readings, so S1 has no curated owner.
   */
  @Test
  void rollbackPastAWithdrawalLeavesOutTheReadingsOfADeviceSharedWithAConsentingCustomer() {
    deliver(
        "customer",
        "c1.json",
        customer("ann@test.com", "S1", 1_000, true),
        customer("bob@test.com", "S1", 1_000, true),
        customer("dan@test.com", "s-dan", 1_000, true));
    deliver(
        "accelerometer",
        "a1.json",
        accelerometer("ann@test.com", 1_000, 1, 2, 3),
        accelerometer("dan@test.com", 1_000, 4, 5, 6));
    deliver(
        "step_trainer", "s1.json", stepTrainer("S1", 1_000, 10), stepTrainer("s-dan", 1_000, 12));
    String night1 = run().runId();
    assertThat(rows("select serial_number, x, y, z from curated.machine_learning order by 1"))
        .containsExactly(row("S1", 1.0, 2.0, 3.0), row("s-dan", 4.0, 5.0, 6.0));
    deliver("customer", "c2.json", customer("ann@test.com", "S1", 2_000, false));
    run();

    assertThat(
            cli.run(
                "rollback",
                "--run",
                night1,
                "--warehouse",
                warehouse.toString(),
                "--format",
                "json"))
        .as(cli.err())
        .isZero();

    assertThat(rows("select email from trusted.customer order by 1"))
        .containsExactly(row("bob@test.com"), row("dan@test.com"));
    assertThat(rows("select user_email, reading_time, x, y, z from trusted.accelerometer"))
        .containsExactly(row("dan@test.com", 1_000L, 4.0, 5.0, 6.0));
    assertThat(rows("select email from curated.customer")).containsExactly(row("dan@test.com"));
    assertThat(
            rows(
                "select serial_number, sensor_reading_time, distance_from_object"
                    + " from trusted.step_trainer"))
        .containsExactly(row("s-dan", 1_000L, 12));
    assertThat(
            rows(
                "select serial_number, sensor_reading_time, distance_from_object, x, y, z"
                    + " from curated.machine_learning"))
        .containsExactly(row("s-dan", 1_000L, 12, 4.0, 5.0, 6.0));
  }
}
