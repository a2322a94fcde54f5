package com.stedi.lakehouse.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.SparkWork;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.RunPolicy;
import com.stedi.lakehouse.config.SetupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LandingIngestTest extends LakehouseTestBase {

  @Test
  void landsRawValuesWithLineage() throws Exception {
    Path file =
        deliver(
            "accelerometer", "a.json", accelerometer("Ann@Test.com", 1_655_564_444_103L, 1, -1, 0));
    // Checksums are computed several files at a time: each must come back to its own file.
    Path second =
        deliver(
            "accelerometer", "b.json", accelerometer("bob@test.com", 1_655_564_444_200L, 0, 0, 1));
    Path third =
        deliver(
            "accelerometer", "c.json", accelerometer("cy@test.com", 1_655_564_444_300L, 1, 1, 1));
    deliver("customer", "c.json", customer("ann@test.com", "s1", 1, true));

    String runId = run().runId();

    assertThat(
            rows(
                "select user_email, reading_time, reading_at, x, y, z, source_file,"
                    + " source_checksum, run_id from landing.accelerometer order by reading_time"))
        .containsExactly(
            row(
                "Ann@Test.com",
                1_655_564_444_103L,
                ts(1_655_564_444_103L),
                1.0,
                -1.0,
                0.0,
                "accelerometer/landing/a.json",
                sha256(file),
                runId),
            row(
                "bob@test.com",
                1_655_564_444_200L,
                ts(1_655_564_444_200L),
                0.0,
                0.0,
                1.0,
                "accelerometer/landing/b.json",
                sha256(second),
                runId),
            row(
                "cy@test.com",
                1_655_564_444_300L,
                ts(1_655_564_444_300L),
                1.0,
                1.0,
                1.0,
                "accelerometer/landing/c.json",
                sha256(third),
                runId));
  }

  @Test
  void eachFileIsTakenOnceButAChangedFileIsANewDelivery() {
    deliver("step_trainer", "s.json", stepTrainer("s1", 100, 200));
    run();
    run();
    assertThat(count("landing.step_trainer")).isEqualTo(1);

    deliver("step_trainer", "s.json", stepTrainer("s1", 100, 200), stepTrainer("s1", 200, 210));
    run();

    assertThat(rows("select sensor_reading_time from landing.step_trainer order by 1"))
        .containsExactly(row(100L), row(100L), row(200L));
  }

  @Test
  void aFileKnownByPathSizeAndTimeIsNotReadAgain() throws Exception {
    Path file = deliver("step_trainer", "s.json", stepTrainer("s1", 100, 200));
    run();
    FileTime modified = Files.getLastModifiedTime(file);
    // Same size and time, other content: recognised from ops.source_files without being read.
    Files.writeString(file, new String(Files.readAllBytes(file)).replace("s1", "s2"));
    Files.setLastModifiedTime(file, modified);

    run();

    assertThat(rows("select serial_number from landing.step_trainer")).containsExactly(row("s1"));
    assertThat(rows("select source_file, size_bytes from ops.source_files"))
        .containsExactly(row("step_trainer/landing/s.json", Files.size(file)));
  }

  @Test
  void aFileLandedByARunThatDiedBeforeRecordingItIsNotTakenTwice() {
    deliver("step_trainer", "s.json", stepTrainer("s1", 100, 200));
    run();
    spark.sql("delete from ops.source_files");

    String rerun = run().runId();

    assertThat(count("landing.step_trainer")).isEqualTo(1);
    assertThat(rows("select source_file, run_id from ops.source_files"))
        .containsExactly(row("step_trainer/landing/s.json", rerun));
  }

  @Test
  void aTouchedFileIsRecognisedByItsChecksumAndNotTakenTwice() throws Exception {
    Path file = deliver("step_trainer", "s.json", stepTrainer("s1", 100, 200));
    String first = run().runId();
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000L));

    String second = run().runId();

    assertThat(count("landing.step_trainer")).isEqualTo(1);
    // The touched file's row (modified in 1970) sorts first.
    assertThat(rows("select run_id from ops.source_files order by modified_at"))
        .containsExactly(row(second), row(first));
  }

  @Test
  void onlyTheRunsMissingFromTheLedgerAreLookedUpInLanding() {
    deliver("step_trainer", "a.json", stepTrainer("s1", 100, 200));
    String recorded = run().runId();
    deliver("step_trainer", "b.json", stepTrainer("s2", 300, 400));
    String died = run().runId();
    spark.sql("delete from ops.source_files where run_id = '" + died + "'");

    String rerun = run().runId();

    assertThat(rows("select serial_number, run_id from landing.step_trainer order by 1"))
        .containsExactly(row("s1", recorded), row("s2", died));
    assertThat(rows("select source_file, run_id from ops.source_files order by 1"))
        .containsExactly(
            row("step_trainer/landing/a.json", recorded),
            row("step_trainer/landing/b.json", rerun));
  }

  @Test
  void aFileOverTheRejectLimitFailsTheRunInOneLineAndLandsNothing() {
    deliver("customer", "c.json", customer("ann@test.com", "s1", 1, true));
    deliver(
        "accelerometer",
        "a.json",
        accelerometer("ann@test.com", 100, 1, 1, 1),
        "{\"user\": \"ann@test.com\", \"timestamp\": 200, \"x\": \"abc\"}");

    assertThatThrownBy(() -> run(RunPolicy.defaults().withMaxRejectRatio(0.4)))
        .isInstanceOf(SetupException.class)
        .hasMessage(
            "Cannot ingest accelerometer/landing/a.json: 1 of 2 lines rejected (50.0%), over the"
                + " 40.0% that --max-reject-ratio 0.4 allows (first: line 2, x is not a number);"
                + " the rejected lines are in landing.rejects, nothing was landed or published");
    assertThat(count("landing.customer")).isZero();
    assertThat(count("landing.accelerometer")).isZero();
    assertThat(rows("select source_file, line_number, reason from landing.rejects"))
        .containsExactly(row("accelerometer/landing/a.json", 2L, "x is not a number"));
  }

  @Test
  void aRerunAfterTheRejectLimitFailedQuarantinesNothingTwice() {
    deliver(
        "accelerometer",
        "a.json",
        accelerometer("ann@test.com", 100, 1, 1, 1),
        "{\"user\": \"ann@test.com\"");
    RunPolicy strict = RunPolicy.defaults().withMaxRejectRatio(0);
    assertThatThrownBy(() -> run(strict)).isInstanceOf(SetupException.class);

    run();

    assertThat(rows("select line_number, reason from landing.rejects"))
        .containsExactly(row(2L, "not a JSON object"));
    assertThat(count("landing.accelerometer")).isEqualTo(1);
  }

  @Test
  void aRefusedFileDoesNotCountTowardTheRejectLimit() throws Exception {
    deliver("customer", "c.json", customer("ann@test.com", "s1", 1, true));
    Files.createSymbolicLink(
        source.resolve("customer/landing/gone.json"), tempDir.resolve("no-such-file"));

    run(RunPolicy.defaults().withMaxRejectRatio(0));

    assertThat(count("landing.customer")).isEqualTo(1);
    assertThat(rows("select source_file, line_number, reason from landing.rejects"))
        .containsExactly(
            row("customer/landing/gone.json", 0L, "refused: a symbolic link to nothing"));
  }

  @Test
  void aNightReadsItsNewFilesInOneExecutionThenAppendsOncePerLandingTable() {
    deliver("customer", "c1.json", customer("ann@test.com", "s-ann", 1_000, true));
    deliver("accelerometer", "a1.json", accelerometer("ann@test.com", 100, 1, 0, 0));
    deliver("step_trainer", "s1.json", stepTrainer("s-ann", 100, 250));
    run();

    deliver("accelerometer", "a2.json", accelerometer("ann@test.com", 200, 1, 1, 0));
    deliver("accelerometer", "a3.json", accelerometer("ann@test.com", 300, 0, 1, 0));
    deliver("step_trainer", "s2.json", stepTrainer("s-ann", 200, 230));
    SparkWork.Cost readings = SparkWork.measure(spark, this::run);
    System.out.print(readings.describe("readings only"));

    deliver("customer", "c2.json", customer("ann@test.com", "s-ann", 2_000, true));
    deliver("accelerometer", "a4.json", accelerometer("ann@test.com", 400, 1, 1, 1));
    deliver("step_trainer", "s3.json", stepTrainer("s-ann", 300, 220));
    SparkWork.Cost allKinds = SparkWork.measure(spark, this::run);
    System.out.print(allKinds.describe("all three kinds"));

    deliver("step_trainer", "s4.json", stepTrainer("s-ann", 400, 210), "{\"serialNumber\": 1");
    SparkWork.Cost rejects = SparkWork.measure(spark, this::run);
    System.out.print(rejects.describe("step trainer with a reject"));

    // Reading and checking every new file: 1; each landing append: 1; the quarantine: 1.
    assertThat(ingestExecutions(readings)).isEqualTo(1 + 2);
    assertThat(ingestExecutions(allKinds)).isEqualTo(1 + 3);
    assertThat(ingestExecutions(rejects)).isEqualTo(1 + 1 + 1);
    assertThat(readings.snapshots())
        .containsEntry(LakehouseTable.LANDING_ACCELEROMETER, 1)
        .containsEntry(LakehouseTable.LANDING_STEP_TRAINER, 1)
        .containsEntry(LakehouseTable.OPS_SOURCE_FILES, 1)
        .doesNotContainKeys(LakehouseTable.LANDING_CUSTOMER, LakehouseTable.LANDING_REJECTS);
    assertThat(rejects.snapshots()).containsEntry(LakehouseTable.LANDING_REJECTS, 1);
  }

  /** The executions that ran a job called from the ingest package. */
  private static int ingestExecutions(SparkWork.Cost cost) {
    Map<String, Set<String>> callSites =
        cost.jobs().stream()
            .filter(j -> j.executionId() != null)
            .collect(
                Collectors.groupingBy(
                    SparkWork.Job::executionId,
                    Collectors.mapping(SparkWork.Job::callSite, Collectors.toSet())));
    return (int)
        callSites.values().stream()
            .filter(
                sites -> sites.stream().anyMatch(s -> s.startsWith("com.stedi.lakehouse.ingest.")))
            .count();
  }

  @Test
  void aSourceWithoutTheLayoutIsRejected() throws Exception {
    Files.createDirectories(source.resolve("somewhere"));

    assertThatThrownBy(this::run)
        .isInstanceOf(SetupException.class)
        .hasMessage(
            "Cannot read source "
                + source
                + ": no *.json files in customer/landing,"
                + " accelerometer/landing or step_trainer/landing; point the source at the folder"
                + " that holds these three");
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
