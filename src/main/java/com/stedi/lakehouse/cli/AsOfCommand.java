package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.sql.AthenaDialect;
import com.stedi.lakehouse.timetravel.AsOfRunQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "as-of",
    mixinStandardHelpOptions = true,
    description = {
      "Run one query with every table read as it was after a run.",
      "Landing, trusted and curated tables are read as of the run, so a query across zones",
      "sees one night; ops tables are read as they are now. JSON: one object per row.",
      "Example: stedi as-of run-20261123T010000Z-3f9a1c -- \"select count(*) from"
          + " trusted.customer\""
    })
final class AsOfCommand extends LakehouseCommand {
  @Mixin FormatOption format;

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
    if (!format.isJson()) {
      result
          .snapshots()
          .forEach((table, id) -> err().println(table + " as of " + runId + ": snapshot " + id));
    }
    format.printRows(out(), result.rows());
    return ExitCode.OK;
  }
}
