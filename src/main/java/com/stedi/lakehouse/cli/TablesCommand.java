package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.catalog.TableInventory;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "tables",
    mixinStandardHelpOptions = true,
    description = {
      "List every table with its size, current snapshot and last run.",
      "For each: location, format version, current snapshot, rows, data and delete files",
      "with their bytes, and the run that last changed it."
    })
final class TablesCommand extends LakehouseCommand {
  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text (a table) or json (an array of objects, one per table).")
  OutputFormat format;

  @Override
  public Integer call() {
    List<TableInventory.Entry> entries = TableInventory.list(openInitialized());
    if (format == OutputFormat.json) {
      out().println(Json.write(entries));
      return ExitCode.OK;
    }
    TextTable.print(
        out(),
        List.of(
            "table",
            "format",
            "snapshot",
            "rows",
            "data files",
            "data bytes",
            "delete files",
            "delete bytes",
            "last run",
            "location"),
        entries.stream()
            .map(
                e ->
                    List.of(
                        e.table(),
                        "v" + e.formatVersion(),
                        TextTable.text(e.currentSnapshotId()),
                        Long.toString(e.rows()),
                        Long.toString(e.dataFiles()),
                        Long.toString(e.dataBytes()),
                        Long.toString(e.deleteFiles()),
                        Long.toString(e.deleteBytes()),
                        TextTable.text(e.lastRunId()),
                        e.location()))
            .toList());
    return ExitCode.OK;
  }
}
