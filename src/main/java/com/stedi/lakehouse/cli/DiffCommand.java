package com.stedi.lakehouse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.timetravel.SnapshotLookup;
import com.stedi.lakehouse.timetravel.TableDiff;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Count the rows a table gained and lost between two states.",
      "A state is a run, snapshot, tag or time; an updated row counts as one removed and one",
      "added. --rows lists them.",
      "JSON: one object; with --rows, its rows array."
    })
final class DiffCommand extends LakehouseCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin FormatOption format;

  @Parameters(paramLabel = "TABLE", description = "The table, e.g. trusted.customer.")
  String tableName;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "RUN|SNAPSHOT|TAG|TIME",
      description = "The earlier state, e.g. a run id.")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "RUN|SNAPSHOT|TAG|TIME",
      description = "The later state, e.g. a run id.")
  String to;

  @Option(names = "--rows", description = "List the rows added and removed.")
  boolean rows;

  @Override
  public Integer call() {
    SparkSession spark = openInitialized();
    LakehouseTable table = table(tableName);
    SnapshotLookup lookup = new SnapshotLookup(spark);
    try (TableDiff diff =
        TableDiff.between(spark, table, lookup.resolve(table, from), lookup.resolve(table, to))) {
      format.print(out(), () -> json(diff), out -> text(out, diff));
    }
    return ExitCode.OK;
  }

  private void text(PrintWriter out, TableDiff diff) {
    out.printf(
        "%s from %s (snapshot %d) to %s (snapshot %d): %d added, %d removed%n",
        diff.table().logicalName(), from, diff.from(), to, diff.to(), diff.added(), diff.removed());
    if (rows) {
      TextTable.printRows(out, diff.rows(), OutputFormat.text);
    }
  }

  private ObjectNode json(TableDiff diff) {
    ObjectNode result = JSON.createObjectNode();
    result.put("table", diff.table().logicalName());
    result.put("from", from);
    result.put("from_snapshot", diff.from());
    result.put("to", to);
    result.put("to_snapshot", diff.to());
    result.put("added", diff.added());
    result.put("removed", diff.removed());
    if (rows) {
      ArrayNode list = result.putArray("rows");
      try {
        for (String row : diff.rows().toJSON().collectAsList()) {
          list.add(JSON.readTree(row));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return result;
  }
}
