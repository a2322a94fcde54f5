package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.sql.AthenaDialect;
import com.stedi.lakehouse.timetravel.AsOfRunQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "as-of",
    mixinStandardHelpOptions = true,
    description = {
      "Run one query with every table read as it was after a run.",
      "Landing, trusted and curated tables are read as of the run, so a query across zones",
      "sees one night; ops tables are read as they are now.",
      "Example: stedi as-of run-20261123T010000Z-3f9a1c -- \"select count(*) from"
          + " trusted.customer\""
    })
final class AsOfCommand extends LakehouseCommand {
  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text (a table) or json (one JSON object per row).")
  OutputFormat format;

  @Parameters(
      index = "0",
      paramLabel = "RUN_ID",
      description = "The run, e.g. run-20261123T010000Z-3f9a1c.")
  String runId;

  @Parameters(index = "1", paramLabel = "QUERY", description = "The SQL statement.")
  String query;

  @Override
  public Integer call() {
    AsOfRunQuery.Result result =
        new AsOfRunQuery(openInitialized()).run(runId, AthenaDialect.toSpark(query));
    if (format == OutputFormat.text) {
      result
          .snapshots()
          .forEach((table, id) -> err().println(table + " as of " + runId + ": snapshot " + id));
    }
    TextTable.printRows(out(), result.rows(), format);
    return ExitCode.OK;
  }
}
