package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.config.ConfigSources;
import com.stedi.lakehouse.config.LakehouseConfig;
import com.stedi.lakehouse.config.Setting;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * Options every command that opens the lakehouse takes. Precedence of settings: a command's own
 * options, these, then environment variables, then the configuration file, then defaults ({@link
 * ConfigSources}).
 */
public final class LakehouseOptions {
  @Option(
      names = "--warehouse",
      paramLabel = "DIR|S3_URI",
      description =
          "Warehouse: a folder (profile local) or s3://bucket/prefix (profile aws). Default: $"
              + "STEDI_WAREHOUSE, the configuration file, else ./warehouse.")
  String warehouse;

  @Option(
      names = "--profile",
      paramLabel = "local|aws",
      description =
          "Catalog profile (default: $STEDI_PROFILE, the configuration file, else local).")
  String profile;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Configuration file of KEY=VALUE lines (default: $STEDI_CONFIG, else none).")
  Path configFile;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "Any setting, e.g. --conf aws.region=eu-west-1; overrides every other source.")
  Map<String, String> conf = new LinkedHashMap<>();

  @Option(
      names = {"-v", "--verbose"},
      description = "Show Spark's logs and full stack traces.")
  boolean verbose;

  /**
   * The configuration of this invocation.
   *
   * @param commandOptions adds the command's own options that set a setting ({@link
   *     ConfigSources#withOption})
   */
  LakehouseConfig config(UnaryOperator<ConfigSources> commandOptions) {
    Map<String, String> commandLine = new LinkedHashMap<>(conf);
    if (warehouse != null) {
      commandLine.put(Setting.WAREHOUSE.key(), warehouse);
    }
    if (profile != null) {
      commandLine.put(Setting.PROFILE.key(), profile);
    }
    return LakehouseConfig.resolve(
        commandOptions.apply(ConfigSources.of(commandLine, System.getenv(), configFile)), verbose);
  }
}
