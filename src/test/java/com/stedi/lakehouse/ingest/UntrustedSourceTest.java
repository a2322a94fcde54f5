package com.stedi.lakehouse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.StediCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A source folder holding what a delivery must not be (links out of the root, a dangling link, a
 * FIFO) and lines longer than the limit, beside good files; run twice through the command line with
 * {@code ingest.max-line-bytes=1KB}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class UntrustedSourceTest extends LakehouseTestBase {
  private static final String SECRET = "aws_secret_access_key=SECRET-OUTSIDE-THE-SOURCE";
  private static final String LONG_SECRET = "SECRET-IN-A-LONG-LINE";
  private static final String OUTSIDE =
      "refused: a symbolic link to a file outside the source root";

  private final StediCli cli = new StediCli();
  private boolean fifo;
  private int firstExit;
  private String firstErr;
  private int secondExit;

  @Override
  protected boolean oneLakehousePerClass() {
    return true;
  }

  @BeforeAll
  void deliverLinksAFifoAndLongLinesBesideGoodFiles() throws Exception {
    openLakehouse();
    deliver("customer", "c.json", customer("ann@test.com", "s-ann", 1_000, true));
    Path secret = Files.writeString(source.getParent().resolve("secret.txt"), SECRET + "\n");
    Files.createSymbolicLink(source.resolve("customer/landing/k.json"), secret);
    Path elsewhere = Files.createDirectories(source.resolve("elsewhere"));
    Path inside =
        Files.writeString(
            elsewhere.resolve("bob.txt"), customer("bob@test.com", "s-bob", 1_000, true) + "\n");
    Files.createSymbolicLink(source.resolve("customer/landing/inside.json"), inside);

    deliver(
        "accelerometer",
        "long.json",
        accelerometer("ann@test.com", 2_000, 1, 1, 1),
        json("user", "ann@test.com", "timestamp", 3_000, "x", 1, "y", 1, "z", 1, "pad", padded()),
        accelerometer("ann@test.com", 4_000, 1, 1, 1));
    Files.writeString(
        source.resolve("accelerometer/landing/unbroken.json"),
        LONG_SECRET + "x".repeat(10 * 1024),
        StandardCharsets.UTF_8);
    fifo = mkfifo(source.resolve("accelerometer/landing/pipe.json"));

    deliver("step_trainer", "s.json", stepTrainer("s-ann", 2_000, 250));
    Files.createSymbolicLink(
        source.resolve("step_trainer/landing/gone.json"),
        source.getParent().resolve("no-such-file"));

    firstExit = stedi();
    firstErr = cli.err();
    secondExit = stedi();
  }

  @Test
  void aLinkOutOfTheSourceIsRefusedAndItsTargetNeverRead() {
    assertThat(firstExit).as(firstErr).isZero();
    assertThat(
            rows(
                "select landing_table, source_checksum, line_number, raw_line, reason"
                    + " from landing.rejects where source_file = 'customer/landing/k.json'"))
        .containsExactly(row("landing.customer", "", 0L, null, OUTSIDE));
    assertThat(zoneContents().values().stream().flatMap(List::stream))
        .noneMatch(row -> row.contains("SECRET"));
  }

  @Test
  void everyRefusalIsReportedInTheRunsOutput() {
    List<String> expected = new ArrayList<>();
    expected.add(
        "Cannot ingest customer/landing/k.json: a symbolic link to a file outside the source"
            + " root (refused, not read); deliver a regular file inside the source instead");
    expected.add(
        "Cannot ingest step_trainer/landing/gone.json: a symbolic link to nothing (refused, not"
            + " read); deliver a regular file inside the source instead");
    if (fifo) {
      expected.add(
          "Cannot ingest accelerometer/landing/pipe.json: a FIFO, not a regular file (refused,"
              + " not read); deliver a regular file inside the source instead");
    }
    assertThat(firstErr.lines().filter(l -> l.startsWith("Cannot ingest")))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aLinkToAFileInsideTheSourceIsADelivery() {
    assertThat(rows("select email, source_file from landing.customer order by 1"))
        .containsExactly(
            row("ann@test.com", "customer/landing/c.json"),
            row("bob@test.com", "customer/landing/inside.json"));
  }

  @Test
  void aDanglingLinkIsRefused() {
    assertThat(
            rows(
                "select line_number, raw_line, reason from landing.rejects"
                    + " where source_file = 'step_trainer/landing/gone.json'"))
        .containsExactly(row(0L, null, "refused: a symbolic link to nothing"));
    assertThat(rows("select serial_number from landing.step_trainer"))
        .containsExactly(row("s-ann"));
  }

  @Test
  void aFifoIsRefusedWithoutOpeningItAndTheRunCompletes() {
    Assumptions.assumeTrue(fifo, "mkfifo is not available here; the FIFO case is not checked");
    assertThat(firstExit).as(firstErr).isZero();
    assertThat(
            rows(
                "select line_number, raw_line, reason from landing.rejects"
                    + " where source_file = 'accelerometer/landing/pipe.json'"))
        .containsExactly(row(0L, null, "refused: a FIFO, not a regular file"));
  }

  @Test
  void aLineOverTheLimitIsQuarantinedWithoutItsTextAndTheOtherLinesLand() {
    assertThat(
            rows(
                "select source_file, line_number, raw_line, reason from landing.rejects"
                    + " where line_number > 0 order by 1"))
        .containsExactly(
            row("accelerometer/landing/long.json", 2L, null, "line is longer than 1024 bytes"),
            row("accelerometer/landing/unbroken.json", 1L, null, "line is longer than 1024 bytes"));
    assertThat(rows("select reading_time, source_file from landing.accelerometer order by 1"))
        .containsExactly(
            row(2_000L, "accelerometer/landing/long.json"),
            row(4_000L, "accelerometer/landing/long.json"));
  }

  @Test
  void aRerunRecordsNoRefusalTwice() {
    assertThat(secondExit).isZero();
    assertThat(rows("select source_file from landing.rejects where line_number = 0 order by 1"))
        .containsExactlyElementsOf(
            fifo
                ? List.of(
                    row("accelerometer/landing/pipe.json"),
                    row("customer/landing/k.json"),
                    row("step_trainer/landing/gone.json"))
                : List.of(row("customer/landing/k.json"), row("step_trainer/landing/gone.json")));
  }

  private int stedi() {
    return cli.run(
        "run",
        "--warehouse",
        warehouse.toString(),
        "--source",
        source.toString(),
        "--conf",
        "ingest.max-line-bytes=1KB");
  }

  /** Text that makes its line longer than 1 KiB. */
  private static String padded() {
    return LONG_SECRET + "y".repeat(2 * 1024);
  }

  /** Makes a FIFO; false where the platform has no mkfifo. */
  private static boolean mkfifo(Path path) {
    try {
      Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
      return process.waitFor() == 0 && Files.exists(path);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
