package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.ops.LakehouseReport;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Print the row count of every table.",
      "JSON: one object mapping each table to its count."
    })
final class ReportCommand extends LakehouseCommand {
  @Mixin FormatOption format;

  @Override
  public Integer call() {
    Map<String, Long> counts = LakehouseReport.counts(openInitialized());
    format.print(
        out(),
        () -> counts,
        out -> counts.forEach((table, count) -> out.printf("%-26s %12d%n", table, count)));
    return ExitCode.OK;
  }
}
