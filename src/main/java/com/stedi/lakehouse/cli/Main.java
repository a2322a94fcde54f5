package com.stedi.lakehouse.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the `stedi` command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs one command line and returns its exit code; tests drive the real CLI through this. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
    PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
    CommandLine cli =
        new CommandLine(new StediCommand())
            .setOut(outWriter)
            .setErr(errWriter)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(new ErrorReporter());
    int code = cli.execute(args);
    outWriter.flush();
    errWriter.flush();
    return code;
  }
}
