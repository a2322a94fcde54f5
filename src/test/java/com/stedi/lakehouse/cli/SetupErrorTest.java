package com.stedi.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.StediCli;
import com.stedi.lakehouse.aws.GlueEndpoint;
import com.stedi.lakehouse.aws.S3Endpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A wrong setup (warehouse, catalog, S3 location, source layout, table name) fails in one line that
 * says what to fix, with exit code 2 and no stack trace. The aws profile runs against an in-process
 * S3 and Glue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SetupErrorTest extends LakehouseTestBase {
  private static final String BUCKET = "lake";

  private final StediCli cli = new StediCli();
  private final Map<String, String> previousCredentials = new LinkedHashMap<>();
  private S3Endpoint s3;
  private GlueEndpoint glue;
  private int closedPort;

  /** Each test opens the lakehouse it needs through the command line. */
  @Override
  protected void openLakehouse() {}

  @BeforeAll
  void startAws() throws Exception {
    useCredentials(S3Endpoint.SECRET_KEY);
    s3 = S3Endpoint.start();
    glue = GlueEndpoint.start();
    s3.createBucket(BUCKET);
    s3.put(BUCKET, "deliveries/customer/landing/c.json", customer("ann@test.com", "s", 1, true));
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
  }

  @AfterAll
  void stopAws() throws Exception {
    glue.close();
    s3.close();
    previousCredentials.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }

  @Test
  void aWarehouseThatIsAFileIsRejected() throws IOException {
    Path file = Files.writeString(tempDir.resolve("a-file"), "x");

    assertThat(stedi("init", "--warehouse", file.toString())).isEqualTo(ExitCode.INVALID);
    assertThat(errLine())
        .isEqualTo(
            "stedi init: Cannot use warehouse "
                + file
                + ": it is a file, not a folder; pass --warehouse naming a folder");
  }

  @Test
  void aWarehouseThatCannotBeCreatedIsRejected() throws IOException {
    Path file = Files.writeString(tempDir.resolve("a-file"), "x");

    assertThat(stedi("report", "--warehouse", file.resolve("wh").toString()))
        .isEqualTo(ExitCode.INVALID);
    assertThat(errLine())
        .isEqualTo(
            "stedi report: Cannot use warehouse "
                + file.resolve("wh")
                + ": cannot create the folder ("
                + file.resolve("wh")
                + ": not a directory); create it, or pass --warehouse naming a folder you can"
                + " write to");
  }

  @Test
  void aReadOnlyWarehouseFolderIsRejected() throws IOException {
    Path readOnly = Files.createDirectories(tempDir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeFalse(
          Files.isWritable(readOnly),
          "running as root: a read-only folder is still writable, so there is nothing to reject");

      assertThat(stedi("init", "--warehouse", readOnly.toString())).isEqualTo(ExitCode.INVALID);
      assertThat(errLine())
          .isEqualTo(
              "stedi init: Cannot use warehouse "
                  + readOnly
                  + ": the folder is not writable; give this user write access, or pass"
                  + " --warehouse naming a folder you can write to");
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void aSourceWithoutTheLayoutIsRejected() throws IOException {
    Path source = Files.createDirectories(tempDir.resolve("source/customers"));
    Files.writeString(source.resolve("c.json"), customer("ann@test.com", "s", 1, true));

    assertThat(
            stedi(
                "run",
                "--warehouse",
                tempDir.resolve("wh").toString(),
                "--source",
                source.getParent().toString()))
        .isEqualTo(ExitCode.INVALID);
    assertThat(errLine())
        .isEqualTo(
            "stedi run: Cannot read source "
                + source.getParent()
                + ": no *.json files in customer/landing, accelerometer/landing or"
                + " step_trainer/landing; point the source at the folder that holds these three");
  }

  @Test
  void maintainNamesTheKnownTablesForAnUnknownOne() {
    assertThat(stedi("maintain", "--warehouse", tempDir.toString(), "--table", "trusted.nope"))
        .isEqualTo(ExitCode.INVALID);
    assertThat(errLine())
        .isEqualTo(
            "stedi maintain: Cannot maintain: unknown table trusted.nope; known tables:"
                + " landing.customer, landing.accelerometer, landing.step_trainer, landing.rejects,"
                + " trusted.customer, trusted.accelerometer, curated.customer,"
                + " trusted.step_trainer, curated.machine_learning, ops.runs, ops.run_tables,"
                + " ops.source_files, ops.schema_history");
  }

  @Test
  void maintainOnAwsNamesTablesWithTheDatabasePrefix() {
    assertThat(
            stedi(
                aws(
                    "maintain",
                    "--warehouse",
                    "s3://lake/wh",
                    "--table",
                    "stedi_trusted.customer",
                    "--table",
                    "trusted.nope")))
        .isEqualTo(ExitCode.INVALID);
    assertThat(errLine())
        .startsWith(
            "stedi maintain: Cannot maintain: unknown table trusted.nope; known tables:"
                + " stedi_landing.customer, stedi_landing.accelerometer,");
  }

  @Test
  void verboseAddsTheStackTrace() {
    assertThat(
            stedi("maintain", "--warehouse", tempDir.toString(), "--table", "trusted.nope", "-v"))
        .isEqualTo(ExitCode.INVALID);
    assertThat(err().lines().toList())
        .hasSizeGreaterThan(2)
        .first()
        .asString()
        .startsWith("com.stedi.lakehouse.config.SetupException: Cannot maintain: unknown table");
  }

  @Test
  void anS3WarehouseWithoutABucketIsRejected() {
    assertThat(stedi(aws("init", "--warehouse", "s3://"))).isEqualTo(ExitCode.INVALID);
    assertThat(errLine())
        .isEqualTo(
            "stedi init: Cannot use warehouse s3://: expected s3://bucket/prefix (bucket names"
                + " are lower-case letters, digits, . and -)");
  }

  @Test
  void anUnreachableGlueCatalogIsNamed() {
    String endpoint = "http://127.0.0.1:" + closedPort;

    assertThat(
            stedi(
                aws(
                    "report",
                    "--warehouse",
                    "s3://lake/wh",
                    "--conf",
                    "aws.glue.endpoint=" + endpoint)))
        .isEqualTo(ExitCode.INVALID);
    assertThat(errLine())
        .isEqualTo(
            "stedi report: Cannot use the Glue catalog: Glue at "
                + endpoint
                + " is unreachable (connection refused); check aws.glue.endpoint and the"
                + " network");
  }

  @Test
  void aGlueCatalogThatDeniesAccessSaysWhatToCheck() {
    glue.failNext("GetTable", "AccessDeniedException");

    assertThat(stedi(aws("report", "--warehouse", "s3://lake/wh"))).isEqualTo(ExitCode.INVALID);
    assertThat(errLine())
        .isEqualTo(
            "stedi report: Cannot use the Glue catalog: access denied (AccessDeniedException);"
                + " check the AWS credentials and their Glue permissions");
  }

  @Test
  void anUnreachableS3EndpointIsNamed() {
    String endpoint = "http://127.0.0.1:" + closedPort;

    assertThat(
            stedi(
                aws(
                    "run",
                    "--warehouse",
                    "s3://lake/wh",
                    "--source",
                    "s3://lake/deliveries",
                    "--conf",
                    "aws.s3.endpoint=" + endpoint)))
        .isEqualTo(ExitCode.INVALID);
    assertThat(errLine())
        .isEqualTo(
            "stedi run: Cannot use warehouse s3://lake/wh: S3 at "
                + endpoint
                + " is unreachable (connection refused); check aws.s3.endpoint and the network");
  }

  @Test
  void aWarehouseBucketThatDoesNotExistIsNamed() {
    assertThat(
            stedi(
                aws(
                    "run",
                    "--warehouse",
                    "s3://no-such-bucket/wh",
                    "--source",
                    "s3://lake/deliveries")))
        .isEqualTo(ExitCode.INVALID);
    assertThat(errLine())
        .isEqualTo(
            "stedi run: Cannot use warehouse s3://no-such-bucket/wh: bucket no-such-bucket does"
                + " not exist; create it, or pass --warehouse s3://bucket/prefix naming an"
                + " existing bucket");
  }

  @Test
  void aSourceBucketThatDoesNotExistIsNamed() {
    assertThat(
            stedi(aws("run", "--warehouse", "s3://lake/wh", "--source", "s3://no-such-bucket/src")))
        .isEqualTo(ExitCode.INVALID);
    assertThat(errLine())
        .isEqualTo(
            "stedi run: Cannot read source s3://no-such-bucket/src: bucket no-such-bucket does"
                + " not exist; check the bucket of --source");
  }

  @Test
  void wrongCredentialsAreNamedWithTheWarehouse() {
    useCredentials("not-the-secret");
    try {
      assertThat(
              stedi(aws("run", "--warehouse", "s3://lake/wh", "--source", "s3://lake/deliveries")))
          .isEqualTo(ExitCode.INVALID);
    } finally {
      useCredentials(S3Endpoint.SECRET_KEY);
    }
    assertThat(errLine())
        .isEqualTo(
            "stedi run: Cannot use warehouse s3://lake/wh: access denied"
                + " (SignatureDoesNotMatch); check the AWS credentials and their permissions on"
                + " s3://lake/wh");
  }

  /**
   * A command line of the aws profile against the test endpoints; a {@code --conf} among the
   * arguments comes later, so it wins.
   */
  private String[] aws(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command, "--profile", "aws"));
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("aws.region", "us-east-1");
    conf.put("aws.glue.database-prefix", "stedi_");
    conf.put("aws.glue.endpoint", glue.uri().toString());
    conf.put("aws.s3.endpoint", s3.uri().toString());
    conf.put("aws.s3.path-style-access", "true");
    conf.forEach((key, value) -> all.addAll(List.of("--conf", key + "=" + value)));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  private int stedi(String... args) {
    return cli.run(args);
  }

  private String err() {
    return cli.err();
  }

  /** Stderr, which must be exactly one line. */
  private String errLine() {
    assertThat(err().lines().toList()).as(err()).hasSize(1);
    return err().strip();
  }

  /** The default provider chain reads these system properties first. */
  private void useCredentials(String secretKey) {
    Map.of("aws.accessKeyId", S3Endpoint.ACCESS_KEY, "aws.secretAccessKey", secretKey)
        .forEach(
            (key, value) -> {
              String previous = System.setProperty(key, value);
              previousCredentials.putIfAbsent(key, previous);
            });
  }
}
