package com.stedi.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.cli.ErrorReporter.Report;
import com.stedi.lakehouse.config.ConfigSources;
import com.stedi.lakehouse.config.LakehouseConfig;
import java.util.Map;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * AWS errors from a Spark task are reported as the executors' problem, not the driver's, with
 * exception chains built the way Spark builds them.
 */
class AwsSetupErrorsTest {
  private static final String NO_CREDENTIALS =
      "Unable to load credentials from any of the providers in the chain"
          + " AwsCredentialsProviderChain(credentialsProviders=[...])";
  private static final LakehouseConfig AWS =
      LakehouseConfig.resolve(
          ConfigSources.of(
              Map.of("profile", "aws", "warehouse", "s3://lake/wh", "aws.region", "eu-west-1"),
              Map.of(),
              null),
          false);

  /**
   * What a MERGE's write reports when its tasks failed: Spark's stage failure under the write's.
   */
  private static SparkException failedWrite(String taskError, Throwable taskException) {
    SparkException stage =
        new SparkException(
            "Job aborted due to stage failure: Task 0 in stage 4.0 failed 4 times, most recent"
                + " failure: Lost task 0.3 in stage 4.0 (TID 11) (10.0.1.7 executor 2): "
                + taskError
                + "\nDriver stacktrace:",
            taskException);
    return new SparkException("[WRITING_JOB_ABORTED] Writing job aborted.", stage);
  }

  @Test
  void missingCredentialsOnTheExecutorsSayWhereAndWhatToGiveThem() {
    SdkClientException cause = SdkClientException.create(NO_CREDENTIALS);

    Report report = ErrorReporter.report(failedWrite(cause.toString(), cause), AWS);

    assertThat(report)
        .isEqualTo(
            new Report(
                "Cannot connect to AWS on the executors: no credentials found; give the"
                    + " executors credentials (instance or job role, or spark.executorEnv.*)",
                ExitCode.INVALID));
  }

  @Test
  void aTaskErrorThatDidNotTravelBackIsReadFromSparksMessage() {
    Report report =
        ErrorReporter.report(
            failedWrite(
                "software.amazon.awssdk.core.exception.SdkClientException: " + NO_CREDENTIALS,
                null),
            AWS);

    assertThat(report.message())
        .startsWith("Cannot connect to AWS on the executors: no credentials found;");
    assertThat(report.exitCode()).isEqualTo(ExitCode.INVALID);
  }

  @Test
  void noRegionOnTheExecutorsSaysHowToPassOne() {
    SdkClientException cause =
        SdkClientException.create("Unable to load region from any of the providers in the chain");

    assertThat(ErrorReporter.report(failedWrite(cause.toString(), cause), AWS).message())
        .isEqualTo(
            "Cannot connect to AWS on the executors: no region set; pass --conf"
                + " aws.region=REGION (it reaches the executors) or set"
                + " spark.executorEnv.AWS_REGION");
  }

  @Test
  void accessDeniedOnTheExecutorsNamesTheWarehouseAndTheExecutors() {
    S3Exception denied =
        (S3Exception)
            S3Exception.builder()
                .statusCode(403)
                .awsErrorDetails(
                    AwsErrorDetails.builder().errorCode("AccessDenied").serviceName("S3").build())
                .build();

    assertThat(ErrorReporter.report(failedWrite(denied.toString(), denied), AWS).message())
        .isEqualTo(
            "Cannot use warehouse s3://lake/wh on the executors: access denied (AccessDenied);"
                + " check the AWS credentials and their permissions on s3://lake/wh");
  }

  @Test
  void missingCredentialsOnTheDriverStillNameTheDriversSources() {
    assertThat(
            ErrorReporter.report(
                    new RuntimeException(
                        "Cannot load table", SdkClientException.create(NO_CREDENTIALS)),
                    AWS)
                .message())
        .isEqualTo(
            "Cannot connect to AWS: no credentials found; set AWS_PROFILE, or AWS_ACCESS_KEY_ID"
                + " and AWS_SECRET_ACCESS_KEY, or run with an IAM role");
  }
}
