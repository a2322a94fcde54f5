package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.config.ConfigSources;
import com.stedi.lakehouse.config.Setting;
import com.stedi.lakehouse.maintenance.LakehouseMaintenance;
import com.stedi.lakehouse.maintenance.MaintenanceJob;
import com.stedi.lakehouse.maintenance.MaintenanceLog;
import com.stedi.lakehouse.maintenance.MaintenanceRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "Compact, expire and clean every table with Iceberg's Spark actions.",
      "Table by table: compact data files and apply deletes, rewrite manifests, remove old tags"
          + " and branches (in a purge, all but main), expire old snapshots, delete orphan"
          + " files.",
      "Safe beside a running `stedi run`; fit for cron. Each option beats its maintenance.*"
          + " setting (--conf, the environment, e.g. STEDI_EXPIRE_OLDER_THAN, or the"
          + " configuration file), else the values shown apply.",
      "JSON: one object with a tables array, one object per table."
    })
final class MaintainCommand extends LakehouseCommand {
  @Option(
      names = "--table",
      paramLabel = "TABLE",
      description = "Table to maintain, e.g. trusted.accelerometer; repeatable (default: all).")
  List<String> tableNames = new ArrayList<>();

  @Option(
      names = "--expire-older-than",
      paramLabel = "AGE",
      description =
          "Expire snapshots, tags and branches older than this, e.g. 7d, 12h, 0 (default 7d): the"
              + " reach of time travel, and how long a withdrawn customer's rows stay in storage.")
  String expireOlderThan;

  @Option(
      names = "--retain-last",
      paramLabel = "N",
      description = "Snapshots kept per table whatever their age (default 1).")
  String retainLast;

  @Option(
      names = "--target-file-size",
      paramLabel = "SIZE",
      description = "Size compaction aims at, e.g. 128MB (default 128MB).")
  String targetFileSize;

  @Option(
      names = "--orphans-older-than",
      paramLabel = "AGE",
      description =
          "Delete unreferenced files older than this (default 3d): spares files a writer is"
              + " still committing.")
  String orphansOlderThan;

  @Option(names = "--dry-run", description = "Print what would be done; change nothing.")
  boolean dryRun;

  @Option(
      names = "--log-file",
      paramLabel = "FILE",
      description = "Also append the summary, or the error, to this file.")
  Path logFile;

  @Mixin FormatOption format;

  @Override
  public Integer call() {
    String id = LakehouseMaintenance.newMaintenanceId(Instant.now());
    MaintenanceLog log = new MaintenanceLog(logFile);
    try {
      MaintenanceRequest request = request();
      MaintenanceJob job =
          new MaintenanceJob(
              openInitialized(), config().maintenance(), Clock.systemUTC(), err()::println);
      MaintenanceJob.Result result =
          MaintenanceJob.needsRunLock(request)
              ? underRunLock(true, lock -> job.run(request, id))
              : job.run(request, id);
      Namespaces namespaces = Namespaces.of(config());
      String text = MaintenanceView.text(result, namespaces);
      format.print(out(), () -> MaintenanceView.json(result, namespaces), out -> out.print(text));
      out().flush();
      log.append(text);
      return ExitCode.OK;
    } catch (RuntimeException e) {
      log.append(
          id
              + " failed: "
              + ErrorReporter.report(e, resolvedConfig()).message()
              + System.lineSeparator());
      throw e;
    }
  }

  @Override
  ConfigSources withOptions(ConfigSources sources) {
    return sources
        .withOption(Setting.EXPIRE_OLDER_THAN, "--expire-older-than", expireOlderThan)
        .withOption(Setting.RETAIN_LAST, "--retain-last", retainLast)
        .withOption(Setting.TARGET_FILE_SIZE, "--target-file-size", targetFileSize)
        .withOption(Setting.ORPHANS_OLDER_THAN, "--orphans-older-than", orphansOlderThan);
  }

  private MaintenanceRequest request() {
    return MaintenanceRequest.of(
        MaintenanceRequest.tablesNamed(tableNames, Namespaces.of(config())),
        config().maintenance(),
        dryRun);
  }
}
