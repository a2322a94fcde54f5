package com.stedi.lakehouse.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run one Spark SQL statement against the lakehouse; tables are landing.customer etc.",
      "Example: stedi sql \"select count(*) from curated.machine_learning\""
    })
final class SqlCommand extends LakehouseCommand {
  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text (a table) or json (one JSON object per row).")
  OutputFormat format;

  @Parameters(paramLabel = "QUERY", description = "The SQL statement.")
  String query;

  @Override
  public Integer call() {
    Dataset<Row> result = open().sql(query);
    if (format == OutputFormat.json) {
      result.toJSON().collectAsList().forEach(out()::println);
    } else {
      printTable(result.columns(), result.collectAsList());
    }
    return ExitCode.OK;
  }

  private void printTable(String[] columns, List<Row> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(columns);
    for (Row row : rows) {
      String[] line = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        line[i] = row.isNullAt(i) ? "NULL" : String.valueOf(row.get(i));
      }
      cells.add(line);
    }
    int[] widths = new int[columns.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    for (String[] line : cells) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        text.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", line[i]));
      }
      out().println(text.toString().stripTrailing());
    }
    out().println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
  }
}
