package com.stedi.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakehouseConfigTest {
  @TempDir Path dir;

  private Path file(String... lines) throws IOException {
    return Files.writeString(dir.resolve("stedi.properties"), String.join("\n", lines));
  }

  private static LakehouseConfig resolve(
      Map<String, String> commandLine, Map<String, String> env, Path file) {
    return LakehouseConfig.resolve(ConfigSources.of(commandLine, env, file), false);
  }

  @Test
  void commandLineBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
    Path file =
        file(
            "profile=aws",
            "warehouse=s3://from-file/wh",
            "aws.region=eu-west-1",
            "aws.glue.database-prefix=stedi_",
            "maintenance.retain-last=3");
    Map<String, String> env =
        Map.of("STEDI_WAREHOUSE", "s3://from-env/wh/", "STEDI_AWS_REGION", "us-east-1");

    LakehouseConfig fromAll = resolve(Map.of("aws.region", "ap-south-1"), env, file);

    assertThat(fromAll.profile()).isEqualTo("aws");
    assertThat(fromAll.warehouse()).isEqualTo("s3://from-env/wh");
    assertThat(fromAll.aws().region()).isEqualTo("ap-south-1");
    assertThat(fromAll.aws().glueDatabasePrefix()).isEqualTo("stedi_");
    assertThat(fromAll.maintenance().retainLast()).isEqualTo(3);
    assertThat(fromAll.maintenance().expireOlderThan()).isEqualTo(Duration.ofDays(7));
    assertThat(fromAll.aws().s3PathStyleAccess()).isFalse();
  }

  @Test
  void aCommandsOwnOptionBeatsEverySourceAndErrorsNameIt() throws IOException {
    Path file = file("maintenance.expire-older-than=2d");
    ConfigSources sources =
        ConfigSources.of(
            Map.of("maintenance.expire-older-than", "3d", "maintenance.retain-last", "4"),
            Map.of("STEDI_EXPIRE_OLDER_THAN", "5d"),
            file);

    LakehouseConfig config =
        LakehouseConfig.resolve(
            sources
                .withOption(Setting.EXPIRE_OLDER_THAN, "--expire-older-than", "12h")
                .withOption(Setting.RETAIN_LAST, "--retain-last", null),
            false);

    assertThat(config.maintenance().expireOlderThan()).isEqualTo(Duration.ofHours(12));
    assertThat(config.maintenance().retainLast()).isEqualTo(4);
    assertThatThrownBy(
            () ->
                LakehouseConfig.resolve(
                    sources.withOption(Setting.EXPIRE_OLDER_THAN, "--expire-older-than", "soon"),
                    false))
        .isInstanceOf(SetupException.class)
        .hasMessage(
            "Cannot read --expire-older-than: 'soon' is not a duration such as 7d, 12h, 30m or 0");
  }

  @Test
  void aRenamedKeyStillWorksAsADeprecatedAliasAndTheCurrentKeyWins() throws IOException {
    assertThat(resolve(Map.of("shuffle-partitions", "3"), Map.of(), null).shufflePartitions())
        .isEqualTo(3);
    assertThat(resolve(Map.of(), Map.of(), file("run-tag-retention-days=2")).run().tagRetention())
        .isEqualTo(Duration.ofDays(2));
    assertThat(
            resolve(
                    Map.of(),
                    Map.of(),
                    file("run-tag-retention-days=2", "run.tag-retention-days=5"))
                .run()
                .tagRetention())
        .isEqualTo(Duration.ofDays(5));
    assertThat(Setting.SHUFFLE_PARTITIONS.key()).isEqualTo("spark.shuffle-partitions");
    assertThat(Setting.SHUFFLE_PARTITIONS.deprecatedKeys()).containsExactly("shuffle-partitions");
  }

  @Test
  void configFileComesFromTheEnvironmentWhenNoOptionNamesOne() throws IOException {
    Path file =
        file("profile=aws", "warehouse=s3://bucket/prefix", "aws.s3.path-style-access=true");

    LakehouseConfig config =
        resolve(Map.of(), Map.of(ConfigSources.CONFIG_ENV, file.toString()), null);

    assertThat(config.warehouseUri().toString()).isEqualTo("s3://bucket/prefix");
    assertThat(config.aws().s3PathStyleAccess()).isTrue();
  }

  @Test
  void localIsTheDefaultProfileWithAnAbsoluteWarehouse() {
    LakehouseConfig config = resolve(Map.of(), Map.of(), null);

    assertThat(config.isLocal()).isTrue();
    assertThat(config.localWarehouse()).isEqualTo(Path.of("warehouse").toAbsolutePath());
    assertThat(config.aws()).isEqualTo(AwsSettings.NONE);
  }

  @Test
  void unknownKeysAndCredentialsAreRefusedByName() throws IOException {
    Path typo = file("maintenance.retain_last=3");
    assertThatThrownBy(() -> resolve(Map.of(), Map.of(), typo))
        .isInstanceOf(SetupException.class)
        .hasMessageStartingWith(
            "Cannot read " + typo + ": unknown setting 'maintenance.retain_last'")
        .hasMessageContaining("maintenance.retain-last");

    assertThatThrownBy(() -> resolve(Map.of("aws.secret-access-key", "x"), Map.of(), null))
        .isInstanceOf(SetupException.class)
        .hasMessage(
            "Cannot read --conf: 'aws.secret-access-key' looks like a credential; AWS credentials"
                + " come only from the AWS SDK's default provider chain (environment, ~/.aws,"
                + " instance or job role)");
  }

  @Test
  void awsSetupMistakesAreOneLineErrors() {
    assertThatThrownBy(() -> resolve(Map.of("profile", "aws"), Map.of(), null))
        .hasMessageStartingWith("Cannot use profile aws: no warehouse;");
    assertThatThrownBy(() -> resolve(Map.of("warehouse", "s3://bucket/wh"), Map.of(), null))
        .hasMessageContaining("an S3 warehouse needs --profile aws");
    assertThatThrownBy(
            () -> resolve(Map.of("profile", "aws", "warehouse", "/tmp/wh"), Map.of(), null))
        .hasMessageStartingWith("Cannot use warehouse /tmp/wh: expected s3://bucket/prefix");
    assertThatThrownBy(() -> resolve(Map.of("profile", "gcp"), Map.of(), null))
        .hasMessage("Cannot read profile: unknown profile 'gcp' (expected: local or aws)");
    assertThatThrownBy(
            () ->
                resolve(
                    Map.of("profile", "aws", "warehouse", "s3://b1/w"),
                    Map.of("STEDI_S3_PATH_STYLE_ACCESS", "yes"),
                    null))
        .hasMessage("Cannot read STEDI_S3_PATH_STYLE_ACCESS: 'yes' is not true or false");
    assertThatThrownBy(
            () ->
                resolve(
                    Map.of(
                        "profile",
                        "aws",
                        "warehouse",
                        "s3://b1/w",
                        "aws.glue.database-prefix",
                        "S-"),
                    Map.of(),
                    null))
        .hasMessageStartingWith("Cannot read aws.glue.database-prefix: 'S-' is not a Glue");
    assertThatThrownBy(() -> resolve(Map.of(), Map.of(), dir.resolve("missing.properties")))
        .hasMessage(
            "Cannot read configuration file "
                + dir.resolve("missing.properties")
                + ": no such file");
  }

  @Test
  void aSharedMountIsConfirmedOnlyByTrueOrFalse() {
    assertThat(resolve(Map.of(), Map.of(), null).warehouseSharedMount()).isFalse();
    assertThat(
            resolve(Map.of(), Map.of("STEDI_WAREHOUSE_SHARED_MOUNT", "TRUE"), null)
                .warehouseSharedMount())
        .isTrue();
    assertThatThrownBy(() -> resolve(Map.of("warehouse.shared-mount", "yes"), Map.of(), null))
        .isInstanceOf(SetupException.class)
        .hasMessage("Cannot read warehouse.shared-mount: 'yes' is not true or false");
  }

  @Test
  void everySettingHasAnEnvironmentVariableNamedAfterIt() {
    for (Setting setting : Setting.values()) {
      assertThat(setting.env()).startsWith("STEDI_").matches("[A-Z0-9_]+");
      assertThat(setting.key()).matches("[a-z0-9.-]+");
    }
  }
}
