package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.ops.LakehouseReport;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Print the row count of every table.")
final class ReportCommand extends LakehouseCommand {
  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (one object mapping each table to its count).")
  OutputFormat format;

  @Override
  public Integer call() {
    Map<String, Long> counts = LakehouseReport.counts(openInitialized());
    if (format == OutputFormat.json) {
      out().println(Json.write(counts));
    } else {
      counts.forEach((table, count) -> out().printf("%-26s %12d%n", table, count));
    }
    return ExitCode.OK;
  }
}
