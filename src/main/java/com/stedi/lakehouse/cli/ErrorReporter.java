package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.audit.AuditFailure;
import com.stedi.lakehouse.config.SetupException;
import org.apache.spark.sql.AnalysisException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns an exception into a one-line message and an exit code. Stack traces only
 * with {@code --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    boolean verbose = cmd.getParseResult().hasMatchedOption("--verbose");
    if (verbose) {
      e.printStackTrace(cmd.getErr());
    }
    cmd.getErr().println("stedi " + cmd.getCommandName() + ": " + message(e));
    cmd.getErr().flush();
    return exitCode(e);
  }

  static int exitCode(Throwable e) {
    return e instanceof SetupException
            || e instanceof AnalysisException
            || e instanceof IllegalArgumentException
        ? ExitCode.INVALID
        : ExitCode.FAILED;
  }

  static String message(Throwable e) {
    if (e instanceof SetupException
        || e instanceof IllegalArgumentException
        || e instanceof AuditFailure) {
      return firstLine(e.getMessage());
    }
    if (e instanceof AnalysisException analysis) {
      return "Cannot run query: " + firstLine(analysis.getSimpleMessage());
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String detail = root.getMessage() == null ? "" : ": " + firstLine(root.getMessage());
    return firstLine(e.getMessage() == null ? "failed" : e.getMessage())
        + (root == e ? "" : " (" + root.getClass().getSimpleName() + detail + ")")
        + "; rerun with --verbose for details";
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String trimmed = text.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
  }
}
