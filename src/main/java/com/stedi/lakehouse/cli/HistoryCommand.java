package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.catalog.SnapshotHistory;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "List a table's snapshots in commit order.",
      "For each: time, operation, run, rows added and deleted, tags; a * marks the main",
      "branch's history.",
      "JSON: an array of objects, one per snapshot."
    })
final class HistoryCommand extends LakehouseCommand {
  @Mixin FormatOption format;

  @Parameters(paramLabel = "TABLE", description = "The table, e.g. trusted.customer.")
  String tableName;

  @Override
  public Integer call() {
    List<SnapshotHistory.Entry> entries = SnapshotHistory.of(openInitialized(), table(tableName));
    format.print(out(), () -> entries, out -> print(out, entries));
    return ExitCode.OK;
  }

  private static void print(PrintWriter out, List<SnapshotHistory.Entry> entries) {
    TextTable.print(
        out,
        List.of("", "snapshot", "committed at", "operation", "run", "added", "deleted", "tags"),
        entries.stream()
            .map(
                e ->
                    List.of(
                        e.onMain() ? "*" : "",
                        Long.toString(e.snapshotId()),
                        e.committedAt(),
                        TextTable.text(e.operation()),
                        TextTable.text(e.runId()),
                        Long.toString(e.rowsAdded()),
                        Long.toString(e.rowsDeleted()),
                        String.join(", ", e.tags())))
            .toList());
  }
}
