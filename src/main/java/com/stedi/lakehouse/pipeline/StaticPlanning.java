package com.stedi.lakehouse.pipeline;

import com.stedi.lakehouse.catalog.SessionSettings;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Plans the queries of a night's stages and of the audit once, without adaptive execution, and
 * writes what they produce by partition ({@code hash} distribution). The session's settings are
 * restored afterwards ({@link SessionSettings}).
 *
 * <p>Why: adaptive execution runs each query stage as a Spark job of its own and optimizes the rest
 * of the plan again after each one. These queries join views the run has already computed, so their
 * planner knows the real sizes ({@link ZoneMerge}); re-planning learns nothing and costs driver
 * time. A 1M readings-only night: 8.8 to 9.2 s against 10.0 to 10.2 s (bench/RESULTS.md). Without
 * adaptive execution nothing coalesces a write's shuffle partitions, so a range distribution would
 * write a file per partition (8 to each table of readings on every night); clustered by partition,
 * a night writes one file per day it touches. A table's first load keeps adaptive execution: its
 * views are not computed ahead, and its range distribution spreads large days over every task.
 */
final class StaticPlanning {
  private static final Map<String, String> SETTINGS =
      Map.of(
          "spark.sql.adaptive.enabled", "false",
          "spark.sql.iceberg.distribution-mode", "hash");

  private StaticPlanning() {}

  static <T> T during(SparkSession spark, Supplier<T> work) {
    return SessionSettings.during(spark, SETTINGS, work);
  }

  static void during(SparkSession spark, Runnable work) {
    during(
        spark,
        () -> {
          work.run();
          return null;
        });
  }
}
