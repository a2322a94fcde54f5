package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.catalog.CatalogState;
import com.stedi.lakehouse.catalog.LakehouseSession;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.config.ConfigSources;
import com.stedi.lakehouse.config.LakehouseConfig;
import com.stedi.lakehouse.config.RunPolicy;
import com.stedi.lakehouse.config.SetupException;
import com.stedi.lakehouse.config.UsageException;
import com.stedi.lakehouse.ops.RunLock;
import com.stedi.lakehouse.ops.RunSummary;
import com.stedi.lakehouse.pipeline.NightlyRun;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that works on the lakehouse: parses options, opens the session, calls one engine. */
abstract class LakehouseCommand implements Callable<Integer> {
  @Mixin LakehouseOptions lakehouse;

  @Spec CommandSpec spec;

  private LakehouseConfig config;
  private SparkSession session;

  SparkSession open() {
    SparkSession spark = LakehouseSession.open(config());
    session = spark;
    if (config().verbose()) {
      err().println("stedi: " + LakehouseSession.shufflePartitions(config()).describe());
    }
    return spark;
  }

  /**
   * Opens the session and fails in one line when a table is missing: none made yet, or some that
   * pending migrations make.
   */
  SparkSession openInitialized() {
    SparkSession spark = open();
    if (CatalogState.isEmpty(spark)) {
      throw new SetupException(
          "Cannot open the lakehouse in "
              + config().warehouse()
              + ": its tables are missing; run `stedi init` or `stedi run` first");
    }
    if (!CatalogState.isComplete(spark)) {
      throw new SetupException(
          "Cannot open the lakehouse in "
              + config().warehouse()
              + ": some of its tables are missing; see `stedi migrate --status`, then run `stedi"
              + " migrate`");
    }
    return spark;
  }

  /**
   * Does work while holding the warehouse's run lock: the one place a command takes it, so two
   * writers never change the lakehouse at once.
   *
   * @param waitForLock when another command holds the lock, wait for it instead of failing
   */
  <T> T underRunLock(boolean waitForLock, Function<RunLock, T> work) {
    try (RunLock lock = RunLock.acquire(config(), waitForLock)) {
      return work.apply(lock);
    }
  }

  /** Runs the pipeline over a source while holding the warehouse's run lock. */
  RunSummary runPipeline(SparkSession spark, String source, boolean waitForLock) {
    return runPipeline(spark, source, waitForLock, config().run());
  }

  RunSummary runPipeline(SparkSession spark, String source, boolean waitForLock, RunPolicy policy) {
    return underRunLock(
        waitForLock,
        lock ->
            new NightlyRun(
                    spark,
                    LakehouseSession.fileIO(spark, config()),
                    Clock.systemUTC(),
                    policy,
                    err()::println)
                .fencedBy(lock)
                .run(source));
  }

  /**
   * The table a user named, e.g. trusted.customer, with or without the catalog's namespace prefix;
   * a usage error for any other name.
   */
  LakehouseTable table(String name) {
    LakehouseTable table = Namespaces.of(config()).table(name);
    if (table == null) {
      throw new UsageException(
          "Cannot find table '"
              + name
              + "': expected one of "
              + Arrays.stream(LakehouseTable.values())
                  .map(LakehouseTable::logicalName)
                  .collect(Collectors.joining(", ")));
    }
    return table;
  }

  /**
   * The settings of this invocation, every source ranked in one place ({@link ConfigSources}), this
   * command's own options ({@link #withOptions}) first.
   */
  LakehouseConfig config() {
    if (config == null) {
      config = lakehouse.config(this::withOptions);
    }
    return config;
  }

  /**
   * Adds the command's own options that set a setting, e.g. {@code --expire-older-than}; a command
   * without any leaves the sources as they are.
   */
  ConfigSources withOptions(ConfigSources sources) {
    return sources;
  }

  /** The configuration if it was resolved, else null: for error reports. */
  LakehouseConfig resolvedConfig() {
    return config;
  }

  /** The session the command opened, else null: for error reports. */
  SparkSession openedSession() {
    return session;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
