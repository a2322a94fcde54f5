package com.stedi.lakehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.config.ConfigSources;
import com.stedi.lakehouse.config.LakehouseConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The catalog properties, which are also the FileIO properties the executors receive. */
class CatalogProfileTest {
  private static final String S3_ENDPOINT = "http://127.0.0.1:9000";

  private static LakehouseConfig aws(String... settings) {
    Map<String, String> commandLine = new LinkedHashMap<>();
    commandLine.put("profile", "aws");
    commandLine.put("warehouse", "s3://lake/wh");
    for (int i = 0; i < settings.length; i += 2) {
      commandLine.put(settings[i], settings[i + 1]);
    }
    return LakehouseConfig.resolve(ConfigSources.of(commandLine, Map.of(), null), false);
  }

  private record Driver(Optional<String> region, Optional<String> s3Endpoint)
      implements DriverAwsDefaults {}

  @Test
  void theRegionAndEndpointTheDriverResolvedReachTheExecutorsProperties() {
    Map<String, String> props =
        CatalogProfile.properties(
            aws("aws.s3.path-style-access", "true"),
            new Driver(Optional.of("eu-central-1"), Optional.of(S3_ENDPOINT)));

    assertThat(props)
        .containsEntry("client.region", "eu-central-1")
        .containsEntry("s3.endpoint", S3_ENDPOINT)
        .containsEntry("s3.path-style-access", "true");
  }

  @Test
  void settingsBeatWhatTheDriverResolved() {
    Map<String, String> props =
        CatalogProfile.properties(
            aws("aws.region", "us-west-2", "aws.s3.endpoint", "http://s3.internal:9000"),
            new Driver(Optional.of("eu-central-1"), Optional.of(S3_ENDPOINT)));

    assertThat(props)
        .containsEntry("client.region", "us-west-2")
        .containsEntry("s3.endpoint", "http://s3.internal:9000");
  }

  @Test
  void nothingResolvedLeavesTheSdkDefaults() {
    Map<String, String> props =
        CatalogProfile.properties(aws(), new Driver(Optional.empty(), Optional.empty()));

    assertThat(props).doesNotContainKeys("client.region", "s3.endpoint");
  }

  @Test
  void theSdkRegionChainOfTheDriverFillsClientRegion() {
    String previous = System.getProperty("aws.region");
    // The first link of the SDK's region chain, as AWS_REGION would be on a driver.
    System.setProperty("aws.region", "ap-southeast-2");
    try {
      assertThat(CatalogProfile.properties(aws())).containsEntry("client.region", "ap-southeast-2");
    } finally {
      if (previous == null) {
        System.clearProperty("aws.region");
      } else {
        System.setProperty("aws.region", previous);
      }
    }
  }

  @Test
  void theSdkEndpointVariablesFillTheS3Endpoint() {
    assertThat(new DriverAwsDefaults.Sdk(Map.of("AWS_ENDPOINT_URL_S3", S3_ENDPOINT)).s3Endpoint())
        .contains(S3_ENDPOINT);
    assertThat(new DriverAwsDefaults.Sdk(Map.of("AWS_ENDPOINT_URL", S3_ENDPOINT)).s3Endpoint())
        .contains(S3_ENDPOINT);
    assertThat(
            new DriverAwsDefaults.Sdk(
                    Map.of(
                        "AWS_ENDPOINT_URL",
                        S3_ENDPOINT,
                        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                        "true"))
                .s3Endpoint())
        .isEmpty();
  }
}
