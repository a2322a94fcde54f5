package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.catalog.CatalogProfile;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.MaintenanceSettings;
import com.stedi.lakehouse.config.Quantities;
import com.stedi.lakehouse.config.SetupException;
import com.stedi.lakehouse.erasure.ErasureCheck;
import com.stedi.lakehouse.erasure.WithdrawnCustomers;
import com.stedi.lakehouse.maintenance.LakehouseMaintenance;
import com.stedi.lakehouse.maintenance.MaintenanceRequest;
import com.stedi.lakehouse.maintenance.TableMaintenance;
import com.stedi.lakehouse.ops.RunLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
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
      "Safe beside a running `stedi run`; fit for cron. Defaults come from the environment"
          + " (STEDI_EXPIRE_OLDER_THAN, STEDI_RETAIN_LAST, STEDI_TARGET_FILE_SIZE,"
          + " STEDI_ORPHANS_OLDER_THAN), else the values shown.",
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

  /** After a purge, what it achieved for the customers who withdrew; else null. */
  private WithdrawnCustomers withdrawn;

  @Override
  public Integer call() {
    Instant start = Instant.now();
    String id = LakehouseMaintenance.newMaintenanceId(start);
    try {
      MaintenanceRequest request = request();
      SparkSession spark = openInitialized();
      List<TableMaintenance> results;
      if (LakehouseMaintenance.isPurge(request) && !request.dryRun()) {
        // A purge removes what a running `stedi run` needs: wait for it to end.
        try (RunLock lock = RunLock.acquire(config(), true)) {
          results = maintain(spark, request, id);
          withdrawn =
              new ErasureCheck(spark, config().maintenance(), Clock.systemUTC())
                  .withdrawnCustomers();
        }
      } else {
        results = maintain(spark, request, id);
      }
      String report = format.isJson() ? Json.write(json(id, results)) : text(id, results);
      out().print(report);
      out().flush();
      log(text(id, results));
      return ExitCode.OK;
    } catch (RuntimeException e) {
      log(
          id
              + " failed: "
              + ErrorReporter.report(e, resolvedConfig()).message()
              + System.lineSeparator());
      throw e;
    }
  }

  private List<TableMaintenance> maintain(
      SparkSession spark, MaintenanceRequest request, String id) {
    Consumer<String> progress = err()::println;
    return new LakehouseMaintenance(spark, Clock.systemUTC()).run(request, id, progress);
  }

  private MaintenanceRequest request() {
    MaintenanceSettings defaults = config().maintenance();
    return new MaintenanceRequest(
        tables(),
        expireOlderThan == null
            ? defaults.expireOlderThan()
            : Quantities.duration("--expire-older-than", expireOlderThan),
        retainLast == null
            ? defaults.retainLast()
            : Quantities.atLeast("--retain-last", retainLast, 1),
        targetFileSize == null
            ? defaults.targetFileSizeBytes()
            : Quantities.bytes("--target-file-size", targetFileSize),
        orphansOlderThan == null
            ? defaults.orphansOlderThan()
            : Quantities.duration("--orphans-older-than", orphansOlderThan),
        dryRun);
  }

  /**
   * The tables named by --table, checked before Spark starts. The catalog's namespace prefix
   * ({@code stedi_trusted.customer}) may be given or left out.
   */
  private List<LakehouseTable> tables() {
    if (tableNames.isEmpty()) {
      return Arrays.asList(LakehouseTable.values());
    }
    String prefix = CatalogProfile.namespacePrefix(config());
    List<LakehouseTable> tables = new ArrayList<>();
    for (String name : tableNames) {
      String wanted = name.strip().toLowerCase(Locale.ROOT);
      LakehouseTable table =
          LakehouseTable.bySqlName(
              !prefix.isEmpty() && wanted.startsWith(prefix)
                  ? wanted.substring(prefix.length())
                  : wanted);
      if (table == null) {
        throw new SetupException(
            "Cannot maintain: unknown table "
                + name
                + "; known tables: "
                + Arrays.stream(LakehouseTable.values())
                    .map(t -> prefix + t.logicalName())
                    .collect(Collectors.joining(", ")));
      }
      tables.add(table);
    }
    return tables;
  }

  private String text(String id, List<TableMaintenance> results) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "%s%s%n%-26s %15s %15s %19s %13s %8s %5s %8s %8s %8s%n",
            id,
            dryRun ? " (dry run: nothing changed; counts are what would be done)" : "",
            "table",
            "data files",
            "delete files",
            "MiB",
            "snapshots",
            "compact",
            "tags",
            "branches",
            "orphans",
            "time"));
    for (TableMaintenance r : results) {
      s.append(
          String.format(
              "%-26s %15s %15s %19s %13s %8d %5d %8d %8d %6.1f s%n",
              r.table(),
              r.before().dataFiles() + " -> " + r.after().dataFiles(),
              r.before().deleteFiles() + " -> " + r.after().deleteFiles(),
              String.format("%.1f -> %.1f", mib(r.before().bytes()), mib(r.after().bytes())),
              r.before().snapshots() + " -> " + r.after().snapshots(),
              r.filesCompacted(),
              r.tagsRemoved(),
              r.branchesRemoved(),
              r.orphansRemoved(),
              r.millis() / 1000.0));
    }
    if (withdrawn != null) {
      s.append(withdrawn.summary()).append(System.lineSeparator());
    }
    return s.toString();
  }

  private Map<String, Object> json(String id, List<TableMaintenance> results) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("maintenance_id", id);
    doc.put("dry_run", dryRun);
    doc.put("tables", results.stream().map(MaintainCommand::json).toList());
    if (withdrawn != null && withdrawn.notChecked() != null) {
      doc.put("withdrawn_not_checked", withdrawn.notChecked());
    } else if (withdrawn != null) {
      doc.put("withdrawn_erased", withdrawn.erased());
      doc.put("withdrawn_held", withdrawn.held());
      doc.put("withdrawn_held_by", withdrawn.heldBy());
    }
    return doc;
  }

  private static Map<String, Object> json(TableMaintenance r) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("table", r.table().sqlName());
    t.put("data_files_before", r.before().dataFiles());
    t.put("data_files_after", r.after().dataFiles());
    t.put("delete_files_before", r.before().deleteFiles());
    t.put("delete_files_after", r.after().deleteFiles());
    t.put("bytes_before", r.before().bytes());
    t.put("bytes_after", r.after().bytes());
    t.put("snapshots_before", r.before().snapshots());
    t.put("snapshots_after", r.after().snapshots());
    t.put("snapshots_expired", r.snapshotsExpired());
    t.put("files_compacted", r.filesCompacted());
    t.put("files_written", r.filesWritten());
    t.put("tags_removed", r.tagsRemoved());
    t.put("branches_removed", r.branchesRemoved());
    t.put("orphans_removed", r.orphansRemoved());
    t.put("millis", r.millis());
    return t;
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private void log(String text) {
    if (logFile == null) {
      return;
    }
    try {
      Files.writeString(
          logFile,
          Instant.now() + " " + text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write log file " + logFile + ": " + e.getMessage(), e);
    }
  }
}
