package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.erasure.ErasureCheck;
import com.stedi.lakehouse.erasure.ErasureReport;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "erasure-check",
    mixinStandardHelpOptions = true,
    description = {
      "Print an erasure receipt: every place that still holds one customer.",
      "It lists live rows, snapshots, tags and branches, data and delete files, and files no"
          + " snapshot references, in every table, each with the date it will be gone under the"
          + " maintenance settings.",
      "Exit 0 when nothing in trusted, curated or ops holds them; 1 otherwise. Landing keeps raw"
          + " deliveries by design: shown, never a failure. Output names the customer by a"
          + " pseudonym, never by the e-mail.",
      "JSON: one object: subject, erased, settings, holdings."
    })
final class ErasureCheckCommand extends LakehouseCommand {
  @Option(
      names = "--email",
      required = true,
      paramLabel = "EMAIL",
      description = "The customer's e-mail, compared trimmed and in lower case.")
  String email;

  @Mixin FormatOption format;

  @Override
  public Integer call() {
    ErasureReport report =
        new ErasureCheck(openInitialized(), config().maintenance(), Clock.systemUTC()).check(email);
    format.print(out(), () -> report, out -> print(out, report));
    return report.erased() ? ExitCode.OK : ExitCode.FAILED;
  }

  private static void print(PrintWriter out, ErasureReport report) {
    out.println(
        "Subject "
            + report.subject()
            + (report.erased()
                ? ": nothing in trusted, curated or ops holds them."
                : ": still held in trusted, curated or ops."));
    if (!report.holdings().isEmpty()) {
      TextTable.print(out, List.of("table", "where", "what", "gone by"), report.summary());
    }
    out.println("Gone by: " + settings(report.settings()) + ".");
  }

  private static String settings(Map<String, String> settings) {
    return settings.entrySet().stream()
        .map(e -> e.getKey().equals("schedule") ? e.getValue() : e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
