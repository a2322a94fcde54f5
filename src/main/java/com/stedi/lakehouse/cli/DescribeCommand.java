package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.catalog.TableDescription;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description = {
      "Show a table's schema with column docs, partition spec, sort order, properties and refs.",
      "JSON: one object."
    })
final class DescribeCommand extends LakehouseCommand {
  @Mixin FormatOption format;

  @Parameters(paramLabel = "TABLE", description = "The table, e.g. trusted.customer.")
  String tableName;

  @Override
  public Integer call() {
    TableDescription d = TableDescription.of(openInitialized(), table(tableName));
    format.print(out(), () -> d, out -> print(out, d));
    return ExitCode.OK;
  }

  private static void print(PrintWriter out, TableDescription d) {
    out.println(
        d.table()
            + "  (format v"
            + d.formatVersion()
            + ", schema "
            + d.schemaId()
            + ", "
            + d.location()
            + ")");
    out.println();
    TextTable.print(
        out,
        List.of("column", "type", "required", "doc"),
        d.columns(),
        c -> List.of(c.name(), c.type(), c.required() ? "yes" : "no", TextTable.text(c.doc())));
    out.println();
    out.println("partitioned by: " + listOrNone(d.partitionSpec()));
    out.println("sorted by:      " + listOrNone(d.sortOrder()));
    out.println();
    out.println("properties:");
    d.properties().forEach((k, v) -> out.println("  " + k + " = " + v));
    out.println();
    out.println("refs:");
    TextTable.print(
        out,
        List.of("  name", "type", "snapshot", "max age"),
        d.refs(),
        r ->
            List.of(
                "  " + r.name(),
                r.type(),
                Long.toString(r.snapshotId()),
                r.maxAgeMs() == null ? "forever" : age(r.maxAgeMs())));
  }

  private static String listOrNone(List<String> items) {
    return items.isEmpty() ? "(none)" : String.join(", ", items);
  }

  private static String age(long millis) {
    long hours = millis / 3_600_000;
    return hours % 24 == 0 ? hours / 24 + " d" : hours + " h";
  }
}
