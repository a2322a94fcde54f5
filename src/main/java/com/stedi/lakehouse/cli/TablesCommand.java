package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.catalog.TableInventory;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "tables",
    mixinStandardHelpOptions = true,
    description = {
      "List every table with its size, current snapshot and last run.",
      "For each: location, format version, current snapshot, rows, data and delete files",
      "with their bytes, and the run that last changed it.",
      "JSON: an array of objects, one per table."
    })
final class TablesCommand extends LakehouseCommand {
  @Mixin FormatOption format;

  @Override
  public Integer call() {
    List<TableInventory.Entry> entries = TableInventory.list(openInitialized());
    format.print(out(), () -> entries, out -> print(out, entries));
    return ExitCode.OK;
  }

  private static void print(PrintWriter out, List<TableInventory.Entry> entries) {
    TextTable.print(
        out,
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
  }
}
