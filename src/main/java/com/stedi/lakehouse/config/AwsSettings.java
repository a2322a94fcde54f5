package com.stedi.lakehouse.config;

/**
 * Settings of the {@code aws} profile: Glue Data Catalog and S3. Empty strings mean "not set": the
 * AWS SDK's defaults apply. No credentials: those come only from the SDK's default provider chain.
 *
 * @param region AWS region of Glue and S3
 * @param glueDatabasePrefix prefix of the zone databases ({@code stedi_} gives {@code
 *     stedi_landing}, ...)
 * @param glueCatalogId account id of the Glue Data Catalog
 * @param glueEndpoint Glue endpoint override
 * @param s3Endpoint S3 endpoint override
 * @param s3PathStyleAccess whether buckets are addressed as a path of the endpoint
 */
public record AwsSettings(
    String region,
    String glueDatabasePrefix,
    String glueCatalogId,
    String glueEndpoint,
    String s3Endpoint,
    boolean s3PathStyleAccess) {

  public static final AwsSettings NONE = new AwsSettings("", "", "", "", "", false);

  static AwsSettings resolve(ConfigSources sources) {
    String prefix = sources.value(Setting.GLUE_DATABASE_PREFIX).orElse("");
    if (!prefix.matches("[a-z0-9_]*")) {
      throw new SetupException(
          "Cannot read "
              + sources.origin(Setting.GLUE_DATABASE_PREFIX)
              + ": '"
              + prefix
              + "' is not a Glue database prefix (lower-case letters, digits and _ only,"
              + " as Athena requires)");
    }
    return new AwsSettings(
        sources.value(Setting.AWS_REGION).orElse(""),
        prefix,
        sources.value(Setting.GLUE_CATALOG_ID).orElse(""),
        sources.value(Setting.GLUE_ENDPOINT).orElse(""),
        sources.value(Setting.S3_ENDPOINT).orElse(""),
        bool(sources, Setting.S3_PATH_STYLE_ACCESS));
  }

  private static boolean bool(ConfigSources sources, Setting setting) {
    String value = sources.value(setting).orElse(setting.defaultValue()).strip();
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new SetupException(
        "Cannot read " + sources.origin(setting) + ": '" + value + "' is not true or false");
  }
}
