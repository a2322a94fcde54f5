package com.stedi.lakehouse.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.Deliveries;
import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.StediCli;
import com.stedi.lakehouse.catalog.LakehouseSession;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.cli.ExitCode;
import com.stedi.lakehouse.config.LakehouseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One delivery end to end on executors in JVMs of their own (Spark's {@code local-cluster} master,
 * as spark-submit would set it): catches what {@code local[*]} hides, such as classes that do not
 * serialize and settings only the driver has.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalClusterTest extends LakehouseTestBase {
  /** What spark-submit and Spark's own tests set; restored afterwards. */
  private final Map<String, String> previous = new LinkedHashMap<>();

  @TempDir static Path dir;

  private final StediCli cli = new StediCli();
  private int exitCode;
  private Map<String, Long> counts;

  /** The session belongs to the cluster in this class. */
  @Override
  protected void openLakehouse() {}

  @BeforeAll
  void oneDeliveryOnTwoExecutorJvms() throws IOException {
    source = dir.resolve("source");
    warehouse = dir.resolve("warehouse");
    deliver(Deliveries.annBobAndRefusingCatWithReadings());

    stopSession();
    // Workers start executors from SPARK_HOME's jars/ (empty here) plus the executor class path:
    // the test JVM's own, Spark included.
    Path sparkHome = dir.resolve("spark-home");
    Files.createDirectories(sparkHome.resolve("jars"));
    Files.createDirectories(sparkHome.resolve("launcher/target/scala-2.12"));
    setProperty("spark.master", "local-cluster[2,1,1024]");
    setProperty("spark.testing", "true");
    setProperty("spark.test.home", sparkHome.toString());
    setProperty("spark.executor.extraClassPath", System.getProperty("java.class.path"));
    setProperty("spark.executor.memory", "512m");
    setProperty("spark.ui.enabled", "false");
    // Tiny stages: waiting for a process-local slot costs more than running anywhere.
    setProperty("spark.locality.wait", "0");
    // Workers read spark.test.home only under spark.testing, which must go before the run: it
    // also turns Spark's planner warnings into errors ("computeStats called before pushdown").
    LakehouseSession.open(LakehouseConfig.local(warehouse, 2, false));
    System.clearProperty("spark.testing");
    exitCode =
        cli.run(
            "run",
            "--warehouse",
            warehouse.toString(),
            "--source",
            source.toString(),
            "--conf",
            "shuffle-partitions=2");
    spark = SparkSession.active();
    counts = new LinkedHashMap<>();
    for (LakehouseTable table : LakehouseTable.zoneTables()) {
      counts.put(table.logicalName(), count(table.logicalName()));
    }
  }

  @AfterAll
  void stopCluster() {
    stopSession();
    previous.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }

  @Test
  void oneDeliveryGivesExactTablesOnExecutorsOfTheirOwn() {
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("landing.customer", 3L);
    expected.put("landing.accelerometer", 4L);
    expected.put("landing.step_trainer", 4L);
    expected.put("landing.rejects", 0L);
    expected.put("trusted.customer", 2L);
    expected.put("trusted.accelerometer", 3L);
    expected.put("curated.customer", 2L);
    expected.put("trusted.step_trainer", 3L);
    expected.put("curated.machine_learning", 3L);

    assertThat(exitCode).as(cli.err()).isEqualTo(ExitCode.OK);
    assertThat(spark.sparkContext().master()).isEqualTo("local-cluster[2,1,1024]");
    assertThat(counts).isEqualTo(expected);
  }

  private void setProperty(String key, String value) {
    previous.putIfAbsent(key, System.getProperty(key));
    System.setProperty(key, value);
  }

  private static void stopSession() {
    SparkSession.getDefaultSession()
        .foreach(
            session -> {
              session.stop();
              return null;
            });
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }
}
