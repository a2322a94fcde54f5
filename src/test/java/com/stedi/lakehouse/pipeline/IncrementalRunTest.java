package com.stedi.lakehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Plays a sequence of deliveries through incremental runs on one warehouse and, after each,
 * compares every table row by row with a full recompute from scratch over the same files.
 */
class IncrementalRunTest extends LakehouseTestBase {
  /** B withdraws: the MERGE names withdrawn keys as SQL literals (ChangeSet.targetFilter). */
  private static final String B_EMAIL = "o'b\\x@test.com";

  private int recomputes;

  @Test
  void everyIncrementalRunEqualsAFullRecomputeOfTheSameFiles() throws IOException {
    // 1: four customers, C without consent; A, B and C share the instant 100; D has no step yet.
    deliver(
        "customer",
        "c1.json",
        customer("a@test.com", "sA", 1_000, true),
        customer(B_EMAIL, "sB", 1_000, true),
        customer("c@test.com", "sC", 1_000, false),
        customer("d@test.com", "sD", 1_000, true));
    deliver(
        "accelerometer",
        "a1.json",
        accelerometer("a@test.com", 100, 1, 0, 0),
        accelerometer("a@test.com", 100, 0, 1, 0),
        accelerometer(B_EMAIL, 100, 1, 1, 0),
        accelerometer("c@test.com", 100, 1, 1, 1),
        accelerometer("d@test.com", 200, 0, 0, 1));
    deliver(
        "step_trainer",
        "s1.json",
        stepTrainer("sA", 100, 250),
        stepTrainer("sB", 100, 240),
        stepTrainer("sC", 100, 230));
    assertIncrementalEqualsFull();
    assertThat(count("curated.machine_learning")).isEqualTo(3);

    // 2: B withdraws; A's record changes; D's step lands after its phone reading; A's phone
    // reading at 300 lands before its step; readings older than everything (50) arrive.
    deliver(
        "customer",
        "c2.json",
        customer(B_EMAIL, "sB", 2_000, false),
        customer("A@Test.com", "sA", 2_000, true, "phone", "3855550000"));
    deliver(
        "accelerometer",
        "a2.json",
        accelerometer("a@test.com", 300, 1, 0, 1),
        accelerometer("a@test.com", 50, 0, 0, 0));
    deliver("step_trainer", "s2.json", stepTrainer("sD", 200, 220), stepTrainer("sA", 50, 210));
    assertIncrementalEqualsFull();
    assertThat(rows("select email, phone from curated.customer order by email"))
        .containsExactly(row("a@test.com", "3855550000"), row("d@test.com", "8015551212"));
    assertThat(rows("select count(*) from curated.machine_learning where serial_number = 'sB'"))
        .containsExactly(row(0L));

    // 3: C grants consent (its whole history joins); A's step at 300 arrives; the first
    // accelerometer file is delivered again under a new name; an empty file.
    deliver("customer", "c3.json", customer("c@test.com", "sC", 3_000, true));
    deliver("step_trainer", "s3.json", stepTrainer("sA", 300, 200));
    Files.copy(
        source.resolve("accelerometer/landing/a1.json"),
        source.resolve("accelerometer/landing/a1-again.json"));
    deliver("step_trainer", "empty.json");
    assertIncrementalEqualsFull();
    assertThat(rows("select x, y, z from curated.machine_learning where serial_number = 'sC'"))
        .containsExactly(row(1.0, 1.0, 1.0));

    // 4: D's device is replaced (new serial); B returns with new readings.
    deliver(
        "customer",
        "c4.json",
        customer("d@test.com", "sD2", 4_000, true),
        customer(B_EMAIL, "sB", 4_000, true));
    deliver("accelerometer", "a4.json", accelerometer(B_EMAIL, 400, 0, 1, 1));
    deliver("step_trainer", "s4.json", stepTrainer("sD2", 200, 190), stepTrainer("sB", 400, 180));
    assertIncrementalEqualsFull();
    assertThat(rows("select distinct serial_number from curated.machine_learning order by 1"))
        .containsExactly(row("sA"), row("sB"), row("sC"), row("sD2"));

    // 5: A withdraws while new readings of A arrive; E consents and its step lands first.
    deliver(
        "customer",
        "c5.json",
        customer("a@test.com", "sA", 5_000, false),
        customer("e@test.com", "sE", 5_000, true));
    deliver("accelerometer", "a5.json", accelerometer("a@test.com", 500, 1, 1, 1));
    deliver("step_trainer", "s5.json", stepTrainer("sA", 500, 170), stepTrainer("sE", 600, 160));
    assertIncrementalEqualsFull();
    assertThat(rows("select count(*) from trusted.accelerometer where user_email = 'a@test.com'"))
        .containsExactly(row(0L));
    assertThat(rows("select count(*) from curated.customer where email = 'a@test.com'"))
        .containsExactly(row(0L));
    assertThat(rows("select count(*) from trusted.step_trainer where serial_number = 'sA'"))
        .containsExactly(row(0L));

    // 6: E's phone reading arrives after its step; a reading of an unknown user.
    deliver(
        "accelerometer",
        "a6.json",
        accelerometer("e@test.com", 600, 0, 1, 0),
        accelerometer("x@test.com", 600, 1, 0, 0));
    assertIncrementalEqualsFull();
    assertThat(
            rows(
                "select serial_number, distance_from_object, x, y, z"
                    + " from curated.machine_learning where sensor_reading_time = 600"))
        .containsExactly(row("sE", 160, 0.0, 1.0, 0.0));
  }

  /** Runs incrementally, then from scratch in a new warehouse, and compares every table. */
  private void assertIncrementalEqualsFull() {
    Path incremental = warehouse;
    run();
    Map<String, List<String>> afterIncremental = zoneContents();

    openLakehouse(tempDir.resolve("full-" + ++recomputes));
    run();
    Map<String, List<String>> afterFull = zoneContents();

    openLakehouse(incremental);
    assertThat(afterIncremental).as("after delivery %d", recomputes).isEqualTo(afterFull);
  }
}
