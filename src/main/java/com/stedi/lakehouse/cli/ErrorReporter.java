package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.audit.AuditFailure;
import com.stedi.lakehouse.audit.Pseudonyms;
import com.stedi.lakehouse.config.LakehouseConfig;
import com.stedi.lakehouse.config.UsageException;
import com.stedi.lakehouse.migration.MigrationFailed;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns an exception into a one-line message and an exit code. Stack traces only
 * with {@code --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

  /** What is printed for an exception, and the exit code. */
  record Report(String message, int exitCode) {}

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    boolean verbose = cmd.getParseResult().hasMatchedOption("--verbose");
    if (verbose) {
      e.printStackTrace(cmd.getErr());
    }
    LakehouseCommand command = cmd.getCommand() instanceof LakehouseCommand c ? c : null;
    Report report = report(e, command == null ? null : command.resolvedConfig());
    // Cron logs and CloudWatch keep this line: an exception may quote a row's e-mail.
    String message =
        Pseudonyms.withoutEmails(
            command == null ? null : command.openedSession(), report.message());
    cmd.getErr().println("stedi " + cmd.getCommandName() + ": " + message);
    cmd.getErr().flush();
    return report.exitCode();
  }

  /**
   * Reports an exception.
   *
   * @param config the configuration the command ran with, which names the warehouse and endpoints
   *     an AWS error was about; null when it was never resolved
   */
  static Report report(Throwable e, LakehouseConfig config) {
    if (e instanceof UsageException) {
      return new Report(firstLine(e.getMessage()), ExitCode.INVALID);
    }
    if (e instanceof AuditFailure || e instanceof MigrationFailed) {
      return new Report(firstLine(e.getMessage()), ExitCode.FAILED);
    }
    if (e instanceof AnalysisException analysis) {
      return new Report(
          "Cannot run query: " + firstLine(analysis.getSimpleMessage()), ExitCode.INVALID);
    }
    Optional<String> aws = AwsSetupErrors.message(e, config);
    if (aws.isPresent()) {
      return new Report(aws.get(), ExitCode.INVALID);
    }
    if (e instanceof IllegalArgumentException) {
      // Every argument a user can get wrong is checked where it is read and refused with a
      // UsageException: any other is a bug of stedi's, not something the user can fix.
      return new Report(
          "Internal error: "
              + firstLine(e.getMessage() == null ? e.getClass().getName() : e.getMessage())
              + "; rerun with --verbose for details, and report it",
          ExitCode.FAILED);
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String detail = root.getMessage() == null ? "" : ": " + firstLine(root.getMessage());
    return new Report(
        firstLine(e.getMessage() == null ? "failed" : e.getMessage())
            + (root == e ? "" : " (" + root.getClass().getSimpleName() + detail + ")")
            + "; rerun with --verbose for details",
        ExitCode.FAILED);
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
