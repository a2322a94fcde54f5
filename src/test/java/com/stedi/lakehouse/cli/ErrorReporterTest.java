package com.stedi.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.StediCli;
import com.stedi.lakehouse.config.SetupException;
import com.stedi.lakehouse.config.UsageException;
import org.junit.jupiter.api.Test;

/** Exit 2 only for what the user can fix; a programming error is a failure. No Spark needed. */
class ErrorReporterTest {

  @Test
  void aUsageErrorIsExitCode2WithItsMessage() {
    ErrorReporter.Report report =
        ErrorReporter.report(
            new UsageException("Cannot find table 'x': expected one of landing.customer"), null);

    assertThat(report)
        .isEqualTo(
            new ErrorReporter.Report(
                "Cannot find table 'x': expected one of landing.customer", ExitCode.INVALID));
  }

  @Test
  void aSetupErrorIsAUsageError() {
    assertThat(ErrorReporter.report(new SetupException("Cannot use warehouse w: x"), null))
        .isEqualTo(new ErrorReporter.Report("Cannot use warehouse w: x", ExitCode.INVALID));
  }

  @Test
  void anUnexpectedIllegalArgumentIsAnInternalErrorInOneLine() {
    ErrorReporter.Report report =
        ErrorReporter.report(
            new IllegalArgumentException("Cannot render SQL: no value for ${table}\nat line 3"),
            null);

    assertThat(report)
        .isEqualTo(
            new ErrorReporter.Report(
                "Internal error: Cannot render SQL: no value for ${table}; rerun with --verbose"
                    + " for details, and report it",
                ExitCode.FAILED));
  }

  @Test
  void aBadOptionValueIsStillExitCode2() {
    StediCli cli = new StediCli();

    assertThat(cli.run("migrate", "--format", "xml")).isEqualTo(ExitCode.INVALID);
    assertThat(cli.err()).contains("Invalid value for option '--format'");
    assertThat(cli.run("generate", "--out", "x", "--customers", "0")).isEqualTo(ExitCode.INVALID);
    assertThat(cli.err().lines().toList())
        .containsExactly(
            "stedi generate: Cannot generate: customers must be at least 1, readings and"
                + " days-later at least 0");
  }
}
