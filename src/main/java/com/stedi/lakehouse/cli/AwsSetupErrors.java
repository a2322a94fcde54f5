package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.config.AwsSettings;
import com.stedi.lakehouse.config.LakehouseConfig;
import com.stedi.lakehouse.config.Setting;
import com.stedi.lakehouse.ingest.SourceUnreadableException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.SparkException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The AWS SDK errors that mean a wrong setup, as one line naming the location and what to fix: a
 * bucket that does not exist, access denied, an endpoint that cannot be reached, no credentials or
 * no region; and whether it happened on the executors, whose credentials and settings are their
 * own. Any other AWS error (throttling, a 500) is not a setup problem and is left to the generic
 * report.
 */
final class AwsSetupErrors {
  private static final Set<String> ACCESS_DENIED =
      Set.of(
          "AccessDenied",
          "AccessDeniedException",
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "ExpiredTokenException",
          "InvalidClientTokenId",
          "UnrecognizedClientException");

  private static final String NO_CREDENTIALS = "Unable to load credentials";
  private static final String NO_REGION = "Unable to load region";

  private AwsSetupErrors() {}

  /**
   * The one-line message of the setup problem an SDK error in {@code e}'s causes reports, or empty.
   *
   * @param config the configuration the command ran with; null when it was never resolved
   */
  static Optional<String> message(Throwable e, LakehouseConfig config) {
    SdkException sdk = cause(e, SdkException.class);
    boolean onExecutors = failedInATask(e, sdk);
    // A task's exception that does not deserialize on the driver survives only as Spark's text.
    String sdkMessage =
        sdk != null ? sdk.getMessage() : onExecutors ? taskFailure(e).getMessage() : null;
    if (sdkMessage != null && sdkMessage.contains(NO_CREDENTIALS)) {
      return Optional.of(
          onExecutors
              ? "Cannot connect to AWS on the executors: no credentials found; give the executors"
                  + " credentials (instance or job role, or spark.executorEnv.*)"
              : "Cannot connect to AWS: no credentials found; set AWS_PROFILE, or AWS_ACCESS_KEY_ID"
                  + " and AWS_SECRET_ACCESS_KEY, or run with an IAM role");
    }
    if (sdkMessage != null && sdkMessage.contains(NO_REGION)) {
      return Optional.of(
          onExecutors
              ? "Cannot connect to AWS on the executors: no region set; pass --conf "
                  + Setting.AWS_REGION.key()
                  + "=REGION (it reaches the executors) or set spark.executorEnv.AWS_REGION"
              : "Cannot connect to AWS: no region set; pass --conf "
                  + Setting.AWS_REGION.key()
                  + "=REGION or set "
                  + Setting.AWS_REGION.env()
                  + " or AWS_REGION");
    }
    if (sdk == null) {
      return Optional.empty();
    }
    AwsSettings aws = config == null ? AwsSettings.NONE : config.aws();
    SourceUnreadableException source = cause(e, SourceUnreadableException.class);
    Target target;
    if (isGlue(sdk)) {
      target =
          new Target(
              "use the Glue catalog",
              "Glue",
              "",
              Setting.GLUE_ENDPOINT,
              aws.glueEndpoint(),
              "the AWS credentials and their Glue permissions",
              "");
    } else if (source != null) {
      target = Target.s3("read source", source.location(), aws, "check the bucket of --source");
    } else if (config != null && !config.isLocal()) {
      target =
          Target.s3(
              "use warehouse",
              config.warehouse(),
              aws,
              "create it, or pass --warehouse s3://bucket/prefix naming an existing bucket");
    } else {
      return Optional.empty();
    }
    String where = onExecutors ? " on the executors" : "";
    return reasonAndFix(sdk, target, aws)
        .map(text -> "Cannot " + target.action() + where + ": " + text);
  }

  /**
   * Whether the error came from a Spark task (an executor) rather than the driver: Spark reports a
   * failed task as a {@link SparkException} "Job aborted due to stage failure: ... Lost task ...",
   * whose cause is the task's exception when it could be sent back.
   */
  private static boolean failedInATask(Throwable e, SdkException sdk) {
    SparkException task = taskFailure(e);
    return task != null && (sdk == null || isCauseOf(sdk, task));
  }

  private static SparkException taskFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SparkException spark
          && spark.getMessage() != null
          && (spark.getMessage().contains("Job aborted due to stage failure")
              || spark.getMessage().contains("Lost task"))) {
        return spark;
      }
    }
    return null;
  }

  private static boolean isCauseOf(Throwable cause, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t == cause) {
        return true;
      }
    }
    return false;
  }

  /**
   * What an SDK call was about.
   *
   * @param action what the command tried, e.g. {@code use warehouse s3://lake/wh}
   * @param service the AWS service it called
   * @param location the S3 location, empty for Glue
   * @param endpointSetting the setting that points at the service
   * @param endpoint its value, empty for the SDK's default
   * @param permissions what to check when access is denied
   * @param missingBucketFix what to do when the bucket does not exist
   */
  private record Target(
      String action,
      String service,
      String location,
      Setting endpointSetting,
      String endpoint,
      String permissions,
      String missingBucketFix) {

    /** An S3 location the command tried to {@code verb}, e.g. {@code use warehouse}. */
    static Target s3(String verb, String location, AwsSettings aws, String missingBucketFix) {
      return new Target(
          verb + " " + location,
          "S3",
          location,
          Setting.S3_ENDPOINT,
          aws.s3Endpoint(),
          "the AWS credentials and their permissions on " + location,
          missingBucketFix);
    }
  }

  private static Optional<String> reasonAndFix(SdkException sdk, Target target, AwsSettings aws) {
    if (sdk instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
      if ("NoSuchBucket".equals(code)) {
        return Optional.of(
            "bucket "
                + bucket(target.location())
                + " does not exist; "
                + target.missingBucketFix());
      }
      if (service.statusCode() == 403 || ACCESS_DENIED.contains(code)) {
        return Optional.of(
            "access denied ("
                + (code == null || code.isEmpty() ? service.statusCode() : code)
                + "); check "
                + target.permissions());
      }
      return Optional.empty();
    }
    if (!(sdk instanceof SdkClientException)) {
      return Optional.empty();
    }
    String detail;
    UnknownHostException unknownHost = cause(sdk, UnknownHostException.class);
    if (unknownHost != null) {
      detail = "unknown host " + unknownHost.getMessage();
    } else if (cause(sdk, ConnectException.class) != null
        || cause(sdk, NoRouteToHostException.class) != null) {
      Throwable socket = cause(sdk, ConnectException.class);
      socket = socket == null ? cause(sdk, NoRouteToHostException.class) : socket;
      detail = socket.getMessage() == null ? "connection failed" : lowerFirst(socket.getMessage());
    } else {
      return Optional.empty();
    }
    String where =
        !target.endpoint().isEmpty()
            ? " at " + target.endpoint()
            : aws.region().isEmpty() ? "" : " in " + aws.region();
    Setting toCheck = target.endpoint().isEmpty() ? Setting.AWS_REGION : target.endpointSetting();
    return Optional.of(
        target.service()
            + where
            + " is unreachable ("
            + detail
            + "); check "
            + toCheck.key()
            + " and the network");
  }

  private static String lowerFirst(String text) {
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }

  /** Glue or S3: a service error says so; a client error only by the client class on its stack. */
  private static boolean isGlue(SdkException sdk) {
    if (sdk instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return "Glue".equalsIgnoreCase(service.awsErrorDetails().serviceName());
    }
    for (StackTraceElement frame : sdk.getStackTrace()) {
      if (frame.getClassName().startsWith("software.amazon.awssdk.services.glue.")) {
        return true;
      }
    }
    return false;
  }

  private static String bucket(String location) {
    String rest = location.replaceFirst("^[a-zA-Z0-9]+://", "");
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
