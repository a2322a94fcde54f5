package com.stedi.lakehouse.catalog;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The AWS client settings the driver finds through the AWS SDK's own lookups when the configuration
 * leaves them out: the region chain ({@code aws.region} system property, {@code AWS_REGION}, {@code
 * ~/.aws/config}, the instance's metadata) and the endpoint variables ({@code AWS_ENDPOINT_URL_S3},
 * {@code AWS_ENDPOINT_URL}). Executors open S3 with the catalog's FileIO properties, not the
 * driver's environment, so what the driver resolved must travel in them.
 */
interface DriverAwsDefaults {
  /** The SDK's lookups on this JVM. */
  DriverAwsDefaults SDK = new Sdk(System.getenv());

  /** The region the driver's clients would use, or empty when the SDK finds none. */
  Optional<String> region();

  /** The S3 endpoint the driver's clients would use, or empty for AWS's own. */
  Optional<String> s3Endpoint();

  /** The AWS SDK's lookups, over an environment. */
  record Sdk(Map<String, String> env) implements DriverAwsDefaults {
    @Override
    public Optional<String> region() {
      try {
        return Optional.of(new DefaultAwsRegionProviderChain().getRegion().id());
      } catch (SdkClientException none) {
        // The driver's own clients fail with the SDK's "Unable to load region", reported then.
        return Optional.empty();
      }
    }

    @Override
    public Optional<String> s3Endpoint() {
      if ("true".equalsIgnoreCase(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) {
        return Optional.empty();
      }
      return Optional.ofNullable(env.get("AWS_ENDPOINT_URL_S3"))
          .or(() -> Optional.ofNullable(env.get("AWS_ENDPOINT_URL")))
          .filter(url -> !url.isBlank());
    }
  }
}
