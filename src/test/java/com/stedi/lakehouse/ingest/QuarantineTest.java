package com.stedi.lakehouse.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.ops.RunSummary;
import com.stedi.lakehouse.ops.TableChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every kind of bad line, delivered beside good ones in one run: what lands, what is quarantined.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuarantineTest extends LakehouseTestBase {
  private static final long FAR_FUTURE = Instant.now().plus(Duration.ofDays(3)).toEpochMilli();
  private RunSummary summary;

  @Override
  protected boolean oneLakehousePerClass() {
    return true;
  }

  @BeforeAll
  void deliverBadLinesBesideGoodOnes() {
    openLakehouse();
    deliver(
        "customer",
        "c.json",
        customer("ann@test.com", "s-ann", 1_000, true),
        json(
            "customerName",
            "Bad Mail",
            "email",
            "not-an-address",
            "serialNumber",
            "s9",
            "lastUpdateDate",
            1_000L),
        json("customerName", "No Mail", "serialNumber", "s8", "lastUpdateDate", 1_000L),
        json("email", "noserial@test.com", "lastUpdateDate", 1_000L),
        json("email", "text@test.com", "serialNumber", "s7", "lastUpdateDate", "yesterday"),
        customer("ANN@Test.com", "s-ann", 2_000, true, "favouriteColour", "red"));
    deliverBytes(
        "accelerometer",
        "a.json",
        String.join(
                "\n",
                accelerometer("ann@test.com", 100, 1, 0, 0),
                "{\"user\": \"ann@test.com\", \"timestamp\": 200, \"x\": 1.0",
                json("user", "ann@test.com", "timestamp", 300, "x", "abc", "y", 1.0, "z", 1.0),
                accelerometer("ann@test.com", -5, 1, 0, 0),
                accelerometer("ann@test.com", FAR_FUTURE, 1, 0, 0),
                json("timestamp", 400, "x", 1.0, "y", 1.0, "z", 1.0),
                "[1, 2, 3]",
                "   ",
                json("user", "ann@test.com", "timestamp", 500, "x", "2.5", "y", 1.0, "z", 1.0),
                json("user", "ann@test.com", "timestamp", 600, "x", 1.0, "y", 1.0, "z", 1.0),
                "")
            .getBytes(StandardCharsets.UTF_8),
        "{\"user\": \"ann@test.com\", \"timestamp\": 700, \"x\": 1, \"y\": 1, \"z\": \"\u00e9"
            .getBytes(StandardCharsets.ISO_8859_1),
        "}\n{\"user\": \"ann@test.com\", \"timestamp\": 8".getBytes(StandardCharsets.UTF_8));
    deliver(
        "step_trainer",
        "s.json",
        stepTrainer("s-ann", 100, 250),
        json("sensorReadingTime", 200, "serialNumber", "s-ann", "distanceFromObject", 3.5),
        json(
            "sensorReadingTime",
            300,
            "serialNumber",
            "s-ann",
            "distanceFromObject",
            99_999_999_999L),
        json("serialNumber", "s-ann", "distanceFromObject", 1));
    deliver("step_trainer", "empty.json");
    summary = run();
  }

  @Test
  void goodLinesOfAFileLandBesideItsRejectedOnes() {
    assertThat(rows("select email, serial_number from landing.customer order by last_update_date"))
        .containsExactly(row("ann@test.com", "s-ann"), row("ANN@Test.com", "s-ann"));
    assertThat(rows("select user_email, reading_time, x from landing.accelerometer order by 2"))
        .containsExactly(
            row("ann@test.com", 100L, 1.0),
            row("ann@test.com", 500L, 2.5),
            row("ann@test.com", 600L, 1.0));
    assertThat(rows("select sensor_reading_time from landing.step_trainer"))
        .containsExactly(row(100L));
  }

  @Test
  void everyRejectedLineIsQuarantinedWithItsReason() {
    assertThat(
            rows(
                "select landing_table, source_file, line_number, reason from landing.rejects"
                    + " order by landing_table, line_number"))
        .containsExactly(
            row("landing.accelerometer", "accelerometer/landing/a.json", 2L, "not a JSON object"),
            row("landing.accelerometer", "accelerometer/landing/a.json", 3L, "x is not a number"),
            row(
                "landing.accelerometer",
                "accelerometer/landing/a.json",
                4L,
                "timestamp is out of range (before 1970 or over a day after the run)"),
            row(
                "landing.accelerometer",
                "accelerometer/landing/a.json",
                5L,
                "timestamp is out of range (before 1970 or over a day after the run)"),
            row("landing.accelerometer", "accelerometer/landing/a.json", 6L, "missing user"),
            row("landing.accelerometer", "accelerometer/landing/a.json", 7L, "not a JSON object"),
            row("landing.accelerometer", "accelerometer/landing/a.json", 11L, "invalid UTF-8"),
            row("landing.accelerometer", "accelerometer/landing/a.json", 12L, "not a JSON object"),
            row(
                "landing.customer",
                "customer/landing/c.json",
                2L,
                "email is not an e-mail address"),
            row("landing.customer", "customer/landing/c.json", 3L, "missing email"),
            row("landing.customer", "customer/landing/c.json", 4L, "missing serialNumber"),
            row(
                "landing.customer",
                "customer/landing/c.json",
                5L,
                "lastUpdateDate is not a whole number of epoch milliseconds"),
            row(
                "landing.step_trainer",
                "step_trainer/landing/s.json",
                2L,
                "distanceFromObject is not a 32-bit whole number"),
            row(
                "landing.step_trainer",
                "step_trainer/landing/s.json",
                3L,
                "distanceFromObject is not a 32-bit whole number"),
            row(
                "landing.step_trainer",
                "step_trainer/landing/s.json",
                4L,
                "missing sensorReadingTime"));
  }

  @Test
  void aRejectedLineKeepsItsRawText() {
    assertThat(
            rows(
                "select raw_line from landing.rejects where source_file like 'accel%%'"
                    + " and line_number in (2, 11) order by line_number"))
        .containsExactly(
            row("{\"user\": \"ann@test.com\", \"timestamp\": 200, \"x\": 1.0"),
            row(
                "{\"user\": \"ann@test.com\", \"timestamp\": 700, \"x\": 1, \"y\": 1, \"z\": \"\ufffd}"));
  }

  @Test
  void theRunCountsLinesReadLandedAndQuarantined() {
    assertThat(summary.tables().stream().filter(t -> t.table().zone().equals("landing")))
        .extracting(t -> t.table().logicalName(), TableChange::rowsRead, TableChange::inserted)
        .containsExactly(
            tuple("landing.customer", 6L, 2L),
            tuple("landing.accelerometer", 11L, 3L),
            tuple("landing.step_trainer", 4L, 1L),
            tuple("landing.rejects", 21L, 15L));
    assertThat(
            rows(
                "select rows_read, rows_inserted from ops.run_tables"
                    + " where table_name = 'landing.rejects'"))
        .containsExactly(row(21L, 15L));
  }

  @Test
  void emailsDifferingInCaseAreOneCustomer() {
    assertThat(rows("select email, last_update_date from trusted.customer"))
        .containsExactly(row("ann@test.com", 2_000L));
  }

  @Test
  void anEmptyFileIsTakenAndLandsNothing() {
    assertThat(rows("select source_file from ops.source_files where source_file like '%%empty%%'"))
        .containsExactly(row("step_trainer/landing/empty.json"));
  }

  /** Writes a source file from raw byte chunks, so a test can put invalid UTF-8 in it. */
  private void deliverBytes(String kind, String fileName, byte[]... chunks) {
    try {
      Path folder = Files.createDirectories(source.resolve(kind).resolve("landing"));
      try (var out = Files.newOutputStream(folder.resolve(fileName))) {
        for (byte[] chunk : chunks) {
          out.write(chunk);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
