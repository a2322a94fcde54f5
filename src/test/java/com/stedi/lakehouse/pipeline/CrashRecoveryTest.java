package com.stedi.lakehouse.pipeline;

import static com.stedi.lakehouse.Deliveries.annAndBobConsentCatRefuses;
import static com.stedi.lakehouse.Deliveries.readingsOfAnnAndBob;
import static com.stedi.lakehouse.Deliveries.stepsOfAnnAndBob;
import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.Night;
import com.stedi.lakehouse.cli.ExitCode;
import com.stedi.lakehouse.config.LakehouseConfig;
import com.stedi.lakehouse.ops.RunLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs `stedi run` as a separate JVM and kills it with SIGKILL (kill -9) as it starts a given
 * stage, i.e. between two commits; the next run must converge to what one uninterrupted run gives,
 * with no row lost or doubled.
 */
class CrashRecoveryTest extends LakehouseTestBase {
  @Test
  void runsKilledBetweenCommitsConvergeToAnUninterruptedRun() throws Exception {
    deliver(
        Night.number("1")
            .customers(annAndBobConsentCatRefuses(1_000))
            .readings(readingsOfAnnAndBob(100))
            .readings(accelerometer("cat@test.com", 100, 0, 0, 1))
            .steps(stepsOfAnnAndBob(100)));
    killAt("[5/9] trusted.accelerometer");

    deliver("customer", "c2.json", customer("bob@test.com", "s-bob", 2_000, false));
    deliver("accelerometer", "a2.json", accelerometer("ann@test.com", 200, 1, 1, 1));
    deliver("step_trainer", "s2.json", stepTrainer("s-ann", 200, 230));
    killAt("[2/9] landing.accelerometer");
    killAt("[6/9] curated.customer");
    // Audited on the branch, not yet published: main must still be as before the run.
    killAt("[9/9] audit and publish");
    run();
    Map<String, List<String>> recovered = zoneContents();

    openLakehouse(tempDir.resolve("uninterrupted"));
    run();

    assertThat(recovered).isEqualTo(zoneContents());
    assertThat(recovered.get("curated.machine_learning")).hasSize(2);
  }

  @Test
  void aSecondRunOnTheSameWarehouseExitsWithAClearMessage() throws Exception {
    deliver("customer", "c1.json", customer("a@test.com", "sA", 1_000, true));

    try (RunLock held = RunLock.acquire(LakehouseConfig.local(warehouse, 1, false), false)) {
      Process second =
          stedi("run", "--warehouse", warehouse.toString(), "--source", source.toString());
      List<String> err = lines(second.errorReader());

      assertThat(second.waitFor()).isEqualTo(ExitCode.INVALID);
      assertThat(err)
          .singleElement()
          .asString()
          .startsWith("stedi run: Cannot start run: another stedi run is working on " + warehouse)
          .endsWith("; wait for it to finish, or pass --wait to queue behind it");
    }
  }

  /** Starts a run in another JVM and kills it -9 when it announces the given stage. */
  private void killAt(String stage) throws IOException, InterruptedException {
    Process process =
        stedi("run", "--warehouse", warehouse.toString(), "--source", source.toString());
    List<String> seen = new ArrayList<>();
    try (BufferedReader err = process.errorReader()) {
      for (String line = err.readLine(); line != null; line = err.readLine()) {
        seen.add(line);
        if (line.startsWith(stage)) {
          process.destroyForcibly();
          break;
        }
      }
    }
    process.waitFor();
    assertThat(seen).as("stderr of the run to kill").anyMatch(l -> l.startsWith(stage));
    assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
  }

  private static Process stedi(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("@" + Path.of("bin", "jvm.options").toAbsolutePath());
    command.add("-Xmx1g");
    // Short runs on tiny data: the quick JIT tier alone starts faster and costs less CPU.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add("com.stedi.lakehouse.cli.Main");
    command.addAll(Arrays.asList(args));
    return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static List<String> lines(BufferedReader reader) throws IOException {
    try (reader) {
      return reader.lines().toList();
    }
  }
}
