package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.config.UsageException;
import com.stedi.lakehouse.sql.AthenaDialect;
import com.stedi.lakehouse.sql.ReadOnlySql;
import com.stedi.lakehouse.timetravel.AsOfRunQuery;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run one SQL statement against the lakehouse, in Spark's syntax or Athena's.",
      "Tables are landing.customer etc., and both `VERSION AS OF 'run-…'` and Athena's",
      "`FOR TIMESTAMP AS OF TIMESTAMP '2026-11-23 01:00:00'` and `FOR VERSION AS OF <id>` work.",
      "Only reads (queries, SHOW, DESCRIBE, EXPLAIN) unless --allow-writes.",
      "JSON: one object per row.",
      "Example: stedi sql \"select count(*) from curated.machine_learning\""
    })
final class SqlCommand extends LakehouseCommand {
  @Mixin FormatOption format;

  @Option(
      names = "--as-of",
      paramLabel = "RUN_ID",
      description = "Read every landing, trusted and curated table as it was after this run.")
  String asOfRun;

  @Option(
      names = "--allow-writes",
      description = {
        "Run a statement that writes (INSERT, MERGE, DELETE, DDL, CALL) while holding the run",
        "lock. The run's audits (row loss, consent) do not check it."
      })
  boolean allowWrites;

  @Parameters(paramLabel = "QUERY", description = "The SQL statement.")
  String query;

  @Override
  public Integer call() throws ParseException {
    SparkSession spark = open();
    String sparkQuery = AthenaDialect.toSpark(query);
    if (asOfRun != null) {
      format.printRows(out(), new AsOfRunQuery(spark).run(asOfRun, sparkQuery).rows());
      return ExitCode.OK;
    }
    String writes =
        ReadOnlySql.writingStatement(spark.sessionState().sqlParser().parsePlan(sparkQuery));
    if (writes == null) {
      printQuery(spark, sparkQuery);
      return ExitCode.OK;
    }
    if (!allowWrites) {
      throw new UsageException(
          "Cannot run the statement: it writes ("
              + writes
              + ") and stedi sql only reads; pass --allow-writes to write, bypassing the run's"
              + " audits");
    }
    // A write beside a run could land between the run's audit and its publish: hold the lock.
    underRunLock(
        false,
        lock -> {
          err()
              .println(
                  "stedi sql: --allow-writes: the run's audits are bypassed; nothing checks this "
                      + writes
                      + " for row loss or consent");
          lock.ensureHeld();
          printQuery(spark, sparkQuery);
          return null;
        });
    return ExitCode.OK;
  }

  /**
   * Runs the user's statement. Spark and Iceberg refuse some mistakes in it (an unknown snapshot or
   * ref in VERSION AS OF, a bad time) with IllegalArgumentException: the user's to fix.
   */
  private void printQuery(SparkSession spark, String sparkQuery) {
    try {
      format.printRows(out(), spark.sql(sparkQuery));
    } catch (IllegalArgumentException e) {
      throw new UsageException("Cannot run query: " + e.getMessage(), e);
    }
  }
}
