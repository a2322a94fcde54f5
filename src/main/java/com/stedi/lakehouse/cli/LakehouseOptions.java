package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.config.LakehouseConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that opens the lakehouse takes. */
public final class LakehouseOptions {
  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description =
          "Warehouse folder: catalog, metadata and data (default: $"
              + LakehouseConfig.WAREHOUSE_ENV
              + ", else ./warehouse).")
  Path warehouse;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show Spark's logs and full stack traces.")
  boolean verbose;

  LakehouseConfig config() {
    return LakehouseConfig.resolve(warehouse, verbose, System.getenv());
  }
}
