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
    String prefix = sources.get(Setting.GLUE_DATABASE_PREFIX);
    // Set but empty is a blank variable or template parameter, not a choice: the deploy
    // template's IAM grants databases by this prefix, all of them when it is empty.
    if (sources.value(Setting.GLUE_DATABASE_PREFIX).isPresent() && prefix.isEmpty()) {
      throw new SetupException(
          "Cannot read "
              + sources.origin(Setting.GLUE_DATABASE_PREFIX)
              + ": the Glue database prefix is empty; set one such as stedi_, or leave the"
              + " setting out for databases named landing, trusted, curated and ops");
    }
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
        sources.get(Setting.AWS_REGION),
        prefix,
        sources.get(Setting.GLUE_CATALOG_ID),
        sources.get(Setting.GLUE_ENDPOINT),
        sources.get(Setting.S3_ENDPOINT),
        sources.get(Setting.S3_PATH_STYLE_ACCESS, Quantities::bool));
  }
}
