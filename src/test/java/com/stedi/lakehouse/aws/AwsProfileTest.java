package com.stedi.lakehouse.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stedi.lakehouse.Deliveries;
import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.StediCli;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product on the aws profile, without AWS: Iceberg's GlueCatalog talks to an in-memory
 * Glue endpoint and S3FileIO to an S3-compatible server, both over HTTP, configured only through a
 * configuration file. Two nights are run from deliveries stored in S3, the second withdrawing a
 * customer's consent, then a privacy purge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsProfileTest extends LakehouseTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "lake";
  private static final String WAREHOUSE = "s3://lake/wh";
  private static final String SOURCE = "s3://lake/deliveries";
  private static final Set<String> ATHENA_TYPES =
      Set.of(
          "boolean",
          "int",
          "long",
          "float",
          "double",
          "string",
          "binary",
          "date",
          "timestamptz",
          "timestamp");
  private static final Set<String> ATHENA_TRANSFORMS =
      Set.of("identity", "year", "month", "day", "hour");

  @TempDir static Path dir;

  private final StediCli cli = new StediCli();
  private AutoCloseable credentials;
  private S3Endpoint s3;
  private GlueEndpoint glue;
  private Path config;
  private Map<String, Long> countsAfterTwoNights;
  private Map<String, Long> countsAfterPurge;
  private final List<String> runErrors = new ArrayList<>();
  private String statusAtV001;
  private int refusedRun;
  private String refusedRunError;
  private String statusAfterRun;

  /** The session belongs to the aws catalog in this class; {@link #stedi} opens it. */
  @Override
  protected void openLakehouse() {}

  @BeforeAll
  void twoNightsAndAPurgeOnAws() throws Exception {
    credentials = S3Endpoint.useTestCredentials();
    s3 = S3Endpoint.start();
    glue = GlueEndpoint.start();
    s3.createBucket(BUCKET);
    config =
        Files.writeString(
            dir.resolve("stedi.properties"),
            String.join(
                "\n",
                "profile=aws",
                "warehouse=" + WAREHOUSE,
                "aws.region=us-east-1",
                "aws.glue.database-prefix=stedi_",
                "aws.glue.endpoint=" + glue.uri(),
                "aws.s3.endpoint=" + s3.uri(),
                "aws.s3.path-style-access=true"));

    Deliveries.annBobAndRefusingCatWithReadings()
        .files()
        .forEach((key, lines) -> deliverToS3(key, lines.toArray(String[]::new)));
    expectSuccess("migrate", "--to", "1");
    statusAtV001 = migrateStatus();
    refusedRun = stedi("run", "--source", SOURCE);
    refusedRunError = cli.err();
    expectSuccess("run", "--source", SOURCE, "--migrate");
    statusAfterRun = migrateStatus();

    deliverToS3("customer/landing/c2.json", customer("bob@test.com", "s-bob", 2_000, false));
    deliverToS3(
        "accelerometer/landing/a2.json",
        accelerometer("ann@test.com", 300, 2, 0, 0),
        "{\"user\": \"ann@test.com\", \"timestamp\": 4");
    deliverToS3("step_trainer/landing/s2.json", stepTrainer("s-ann", 300, 252));
    expectSuccess("run", "--source", SOURCE);
    countsAfterTwoNights = counts();

    expectSuccess("maintain", "--expire-older-than", "0");
    countsAfterPurge = counts();
  }

  @AfterAll
  void stop() throws Exception {
    glue.close();
    s3.close();
    credentials.close();
  }

  @Test
  void twoNightsFollowTheConsentRules() {
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("stedi_landing.customer", 4L);
    expected.put("stedi_landing.accelerometer", 5L);
    expected.put("stedi_landing.step_trainer", 5L);
    expected.put("stedi_landing.rejects", 1L);
    expected.put("stedi_trusted.customer", 1L);
    expected.put("stedi_trusted.accelerometer", 3L);
    expected.put("stedi_curated.customer", 1L);
    expected.put("stedi_trusted.step_trainer", 3L);
    expected.put("stedi_curated.machine_learning", 3L);

    assertThat(runErrors).isEmpty();
    assertThat(countsAfterTwoNights).isEqualTo(expected);
    assertThat(countsAfterPurge).isEqualTo(expected);
  }

  @Test
  void everyTableIsAGlueIcebergTableAthenaCanRead() throws IOException {
    assertThat(glue.databases())
        .containsExactlyInAnyOrder("stedi_landing", "stedi_trusted", "stedi_curated", "stedi_ops");
    for (LakehouseTable table : LakehouseTable.values()) {
      String database = "stedi_" + table.zone();
      String name = table.logicalName().substring(table.zone().length() + 1);
      Map<String, String> parameters = glue.tableParameters(database, name);
      String metadata = parameters.get("metadata_location");

      assertThat(glue.tableType(database, name)).as("%s", table).isEqualTo("EXTERNAL_TABLE");
      assertThat(parameters.get("table_type")).as("%s", table).isEqualToIgnoringCase("iceberg");
      assertThat(metadata)
          .as("%s", table)
          .startsWith(WAREHOUSE + "/" + table.zone() + "/" + name + "/metadata/")
          .endsWith(".metadata.json");
      JsonNode tableMetadata =
          JSON.readTree(s3.get(BUCKET, metadata.substring(("s3://" + BUCKET + "/").length())));
      assertThat(tableMetadata.get("format-version").asInt()).as("%s", table).isEqualTo(2);
      assertThat(types(tableMetadata)).as("%s", table).isSubsetOf(ATHENA_TYPES);
      assertThat(transforms(tableMetadata)).as("%s", table).isSubsetOf(ATHENA_TRANSFORMS);
    }
  }

  @Test
  void theMigrationsRunAgainstTheGlueCatalogAndAreRecordedThere() throws IOException {
    assertThat(states(statusAtV001)).containsExactly("V001 applied", "V002 pending");
    assertThat(refusedRun).isEqualTo(2);
    assertThat(refusedRunError.lines().toList())
        .singleElement()
        .asString()
        .startsWith("stedi run: The lakehouse has pending schema migrations V002 (add split to");
    assertThat(states(statusAfterRun)).containsExactly("V001 applied", "V002 applied");
    assertThat(glue.tableParameters("stedi_ops", "schema_history"))
        .containsKey("metadata_location");

    String metadata =
        glue.tableParameters("stedi_curated", "machine_learning").get("metadata_location");
    JsonNode tableMetadata =
        JSON.readTree(s3.get(BUCKET, metadata.substring(("s3://" + BUCKET + "/").length())));
    int current = tableMetadata.get("current-schema-id").asInt();
    List<String> columns = new ArrayList<>();
    for (JsonNode schema : tableMetadata.get("schemas")) {
      if (schema.get("schema-id").asInt() == current) {
        schema.get("fields").forEach(f -> columns.add(f.get("name").asText()));
      }
    }
    assertThat(columns).endsWith("z", "split");
  }

  private static List<String> states(String statusJson) throws IOException {
    List<String> states = new ArrayList<>();
    for (JsonNode version : JSON.readTree(statusJson)) {
      states.add(version.get("version").asText() + " " + version.get("state").asText());
    }
    return states;
  }

  @Test
  void eachZoneIsWrittenUnderItsOwnPrefix() {
    Set<String> folders =
        s3.keys(BUCKET, "wh/").stream().map(key -> key.split("/")[1]).collect(Collectors.toSet());

    assertThat(folders).containsExactlyInAnyOrder("landing", "trusted", "curated", "ops");
    for (LakehouseTable table : LakehouseTable.zoneTables()) {
      assertThat(s3.keys(BUCKET, "wh/" + table.logicalName().replace('.', '/') + "/data/"))
          .as("%s", table)
          .isNotEmpty()
          .allMatch(key -> key.endsWith(".parquet"));
    }
  }

  @Test
  void purgeLeavesNoFileOfTheWithdrawnCustomerInTrustedOrCurated() throws IOException {
    Path copies = Files.createDirectories(dir.resolve("copies"));
    List<String> parquet = new ArrayList<>();
    for (String zone : List.of("trusted", "curated")) {
      for (String key : s3.keys(BUCKET, "wh/" + zone + "/")) {
        if (key.endsWith(".parquet")) {
          Path copy = copies.resolve(key.replace('/', '_'));
          Files.write(copy, s3.get(BUCKET, key));
          parquet.add(copy.toString());
        }
      }
    }

    List<String> rows =
        SparkSession.active()
            .read()
            .parquet(parquet.toArray(String[]::new))
            .toJSON()
            .collectAsList();

    assertThat(parquet).isNotEmpty();
    assertThat(rows).isNotEmpty().noneMatch(r -> r.contains("bob@test.com") || r.contains("s-bob"));
  }

  @Test
  void aRunLockHeldInS3StopsASecondRun() {
    s3.put(BUCKET, "wh/run.lock", "pid 7 on elsewhere, since 2026-11-23T00:00:00Z");
    try {
      assertThat(stedi("run", "--source", SOURCE)).isEqualTo(ExitCode.INVALID);
      assertThat(cli.err().lines().toList())
          .containsExactly(
              "stedi run: Cannot start run: another stedi run is working on s3://lake/wh"
                  + " (pid 7 on elsewhere, since 2026-11-23T00:00:00Z); wait for it to finish, or"
                  + " pass --wait to queue behind it");
    } finally {
      s3.client().deleteObject(b -> b.bucket(BUCKET).key("wh/run.lock"));
    }
  }

  private void deliverToS3(String key, String... lines) {
    s3.put(BUCKET, "deliveries/" + key, String.join("\n", lines) + "\n");
  }

  private void expectSuccess(String... args) {
    int code = stedi(args);
    if (code != 0) {
      runErrors.add(String.join(" ", args) + ": " + cli.err());
    }
    if (!s3.keys(BUCKET, "wh/run.lock").isEmpty()) {
      runErrors.add(String.join(" ", args) + ": left wh/run.lock behind");
    }
  }

  private int stedi(String... args) {
    List<String> withConfig = new ArrayList<>(List.of(args));
    withConfig.addAll(List.of("--config", config.toString()));
    return cli.run(withConfig.toArray(String[]::new));
  }

  private String migrateStatus() {
    expectSuccess("migrate", "--status", "--format", "json");
    return cli.out();
  }

  private Map<String, Long> counts() throws IOException {
    expectSuccess("report", "--format", "json");
    return JSON.readValue(cli.out(), new TypeReference<LinkedHashMap<String, Long>>() {});
  }

  private static Set<String> types(JsonNode metadata) {
    return fieldValues(metadata, "schemas", "type", "\\(.*");
  }

  private static Set<String> transforms(JsonNode metadata) {
    return fieldValues(metadata, "partition-specs", "transform", "\\[.*");
  }

  /**
   * The {@code property} of every field of every element of {@code list} (all schemas, all
   * partition specs), without the parameters that {@code parameters} matches, e.g. decimal(9,2).
   */
  private static Set<String> fieldValues(
      JsonNode metadata, String list, String property, String parameters) {
    Set<String> values = new TreeSet<>();
    for (JsonNode element : metadata.get(list)) {
      for (JsonNode field : element.get("fields")) {
        values.add(field.get(property).asText().replaceAll(parameters, ""));
      }
    }
    return values;
  }
}
