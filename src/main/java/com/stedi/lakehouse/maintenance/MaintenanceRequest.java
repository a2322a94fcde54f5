package com.stedi.lakehouse.maintenance;

import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.config.MaintenanceSettings;
import com.stedi.lakehouse.config.SetupException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One `stedi maintain`: the tables and the settings to apply to each.
 *
 * @param tables tables to maintain, in this order
 * @param expireOlderThan snapshots, and tags and branches other than main, older than this go
 * @param retainLast snapshots kept whatever their age
 * @param targetFileSizeBytes size compaction aims at
 * @param orphansOlderThan unreferenced files older than this are deleted
 * @param dryRun report what would be done and change nothing
 */
public record MaintenanceRequest(
    List<LakehouseTable> tables,
    Duration expireOlderThan,
    int retainLast,
    long targetFileSizeBytes,
    Duration orphansOlderThan,
    boolean dryRun) {

  public MaintenanceRequest {
    tables = List.copyOf(tables);
  }

  /** A request with the settings in force: defaults, overridden by every configuration source. */
  public static MaintenanceRequest of(
      List<LakehouseTable> tables, MaintenanceSettings settings, boolean dryRun) {
    return new MaintenanceRequest(
        tables,
        settings.expireOlderThan(),
        settings.retainLast(),
        settings.targetFileSizeBytes(),
        settings.orphansOlderThan(),
        dryRun);
  }

  /**
   * The tables a user named, checked before Spark starts; every table when none is named. The
   * catalog's namespace prefix ({@code stedi_trusted.customer}) may be given or left out.
   */
  public static List<LakehouseTable> tablesNamed(List<String> names, Namespaces namespaces) {
    if (names.isEmpty()) {
      return Arrays.asList(LakehouseTable.values());
    }
    List<LakehouseTable> tables = new ArrayList<>();
    for (String name : names) {
      LakehouseTable table = namespaces.table(name.strip());
      if (table == null) {
        throw new SetupException(
            "Cannot maintain: unknown table "
                + name
                + "; known tables: "
                + Arrays.stream(LakehouseTable.values())
                    .map(namespaces::name)
                    .collect(Collectors.joining(", ")));
      }
      tables.add(table);
    }
    return tables;
  }
}
