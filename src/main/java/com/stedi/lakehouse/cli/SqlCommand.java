package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.sql.AthenaDialect;
import com.stedi.lakehouse.timetravel.AsOfRunQuery;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run one SQL statement against the lakehouse, in Spark's syntax or Athena's: tables are",
      "landing.customer etc., and both `VERSION AS OF 'run-…'` and Athena's",
      "`FOR TIMESTAMP AS OF TIMESTAMP '2026-11-23 01:00:00'` and `FOR VERSION AS OF <id>` work.",
      "Example: stedi sql \"select count(*) from curated.machine_learning\""
    })
final class SqlCommand extends LakehouseCommand {
  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text (a table) or json (one JSON object per row).")
  OutputFormat format;

  @Option(
      names = "--as-of",
      paramLabel = "RUN_ID",
      description = "Read every landing, trusted and curated table as it was after this run.")
  String asOfRun;

  @Parameters(paramLabel = "QUERY", description = "The SQL statement.")
  String query;

  @Override
  public Integer call() {
    SparkSession spark = open();
    String sparkQuery = AthenaDialect.toSpark(query);
    TextTable.printRows(
        out(),
        asOfRun == null
            ? spark.sql(sparkQuery)
            : new AsOfRunQuery(spark).run(asOfRun, sparkQuery).rows(),
        format);
    return ExitCode.OK;
  }
}
