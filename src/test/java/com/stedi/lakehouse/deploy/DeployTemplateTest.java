package com.stedi.lakehouse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.cli.GlueJobMain;
import com.stedi.lakehouse.config.ConfigSources;
import com.stedi.lakehouse.config.LakehouseConfig;
import com.stedi.lakehouse.config.SetupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/stedi-lakehouse.yaml read as CloudFormation would read it, with sample parameters: the
 * resources docs/deploy.md promises, a job whose arguments the product accepts, and IAM that keeps
 * each zone apart.
 */
class DeployTemplateTest {
  private static final Path TEMPLATE = Path.of("deploy/stedi-lakehouse.yaml");
  private static final Map<String, String> PARAMETERS =
      Map.ofEntries(
          Map.entry("DataBucketName", "stedi-data"),
          Map.entry("DeliveriesPrefix", "deliveries"),
          Map.entry("WarehousePrefix", "warehouse"),
          Map.entry("GlueDatabasePrefix", "stedi_"),
          Map.entry("ArtifactKey", "artifacts/stedi-lakehouse-cluster.jar"),
          Map.entry("ScriptKey", "artifacts/StediNightlyJob.scala"),
          Map.entry("AWS::Region", "eu-west-1"),
          Map.entry("AWS::AccountId", "123456789012"),
          Map.entry("AWS::Partition", "aws"),
          Map.entry("AthenaWorkGroup", "stedi"),
          Map.entry("MlAthenaWorkGroup", "stedi-ml"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonNode parameters;
  private static JsonNode resources;

  @BeforeAll
  static void readTemplate() throws IOException {
    JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
    assertThat(template.get("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
    parameters = template.get("Parameters");
    resources = template.get("Resources");
  }

  @Test
  void everyResourceTheDeployDocNamesIsInTheTemplateAndTheOtherWayRound() throws IOException {
    String docs = Files.readString(Path.of("docs/deploy.md"));
    String deploy = docs.substring(docs.indexOf("## Deploy on AWS"));
    int next = deploy.indexOf("\n## ", 4);
    deploy = next < 0 ? deploy : deploy.substring(0, next);
    Set<String> named = new TreeSet<>();
    Matcher m = Pattern.compile("`([A-Z][A-Za-z]+)` \\((AWS::[A-Za-z:]+)\\)").matcher(deploy);
    Map<String, String> types = new LinkedHashMap<>();
    while (m.find()) {
      named.add(m.group(1));
      types.put(m.group(1), m.group(2));
    }

    assertThat(named).isEqualTo(new TreeSet<>(fieldNames(resources)));
    types.forEach(
        (name, type) ->
            assertThat(resources.get(name).get("Type").asText()).as(name).isEqualTo(type));
  }

  @Test
  void aGlueDatabaseForEachZoneUnderItsOwnPrefix() {
    Map<String, String> locations = new LinkedHashMap<>();
    for (String name : fieldNames(resources)) {
      JsonNode resource = resources.get(name);
      if (resource.get("Type").asText().equals("AWS::Glue::Database")) {
        JsonNode input = resource.get("Properties").get("DatabaseInput");
        locations.put(resolve(input.get("Name")), resolve(input.get("LocationUri")));
      }
    }

    Map<String, String> expected = new LinkedHashMap<>();
    for (LakehouseTable table : LakehouseTable.values()) {
      expected.put("stedi_" + table.zone(), "s3://stedi-data/warehouse/" + table.zone());
    }
    assertThat(locations).isEqualTo(expected);
  }

  @Test
  void theNightlyJobRunsTheProductWithSettingsItKnows() throws IOException {
    JsonNode job = resources.get("NightlyJob").get("Properties");
    List<String> glueArgs = new ArrayList<>(List.of("--JOB_ID", "j_1", "--TempDir", "s3://t/"));
    job.get("DefaultArguments")
        .fields()
        .forEachRemaining(
            e -> {
              glueArgs.add(e.getKey());
              glueArgs.add(resolve(e.getValue()));
            });
    List<String> args = GlueJobMain.stediArgs(glueArgs.toArray(String[]::new));
    String script = Files.readString(Path.of("deploy/glue/StediNightlyJob.scala"));

    assertThat(job.get("GlueVersion").asText()).isEqualTo("5.0");
    assertThat(job.get("Command").get("Name").asText()).isEqualTo("glueetl");
    assertThat(job.get("ExecutionProperty").get("MaxConcurrentRuns").asInt()).isEqualTo(1);
    assertThat(script)
        .contains("object " + job.get("DefaultArguments").get("--class").asText() + " {")
        .contains(GlueJobMain.class.getName() + ".main(sysArgs)");
    assertThat(args)
        .containsExactly(
            "run",
            "--profile",
            "aws",
            "--source",
            "s3://stedi-data/deliveries",
            "--warehouse",
            "s3://stedi-data/warehouse",
            "--conf",
            "aws.region=eu-west-1",
            "--conf",
            "aws.glue.database-prefix=stedi_");
    Map<String, String> commandLine = new LinkedHashMap<>();
    commandLine.put("profile", "aws");
    commandLine.put("warehouse", "s3://stedi-data/warehouse");
    commandLine.put("aws.region", "eu-west-1");
    commandLine.put("aws.glue.database-prefix", "stedi_");
    LakehouseConfig config =
        LakehouseConfig.resolve(ConfigSources.of(commandLine, Map.of(), null), false);
    assertThat(config.aws().glueDatabasePrefix()).isEqualTo("stedi_");
    assertThat(resources.get("NightlyTrigger").get("Properties").get("Type").asText())
        .isEqualTo("SCHEDULED");
  }

  @Test
  void theMlTeamReadsMachineLearningAndItsOwnQueryResultsOnly() throws IOException {
    JsonNode statements =
        resolved(
            resources
                .get("MlCuratedReadPolicy")
                .get("Properties")
                .get("PolicyDocument")
                .get("Statement"));

    assertThat(statements)
        .isEqualTo(
            JSON.readTree(
                """
                [
                  {"Sid": "QueryInTheMlWorkgroup", "Effect": "Allow",
                   "Action": ["athena:StartQueryExecution", "athena:GetQueryExecution",
                     "athena:GetQueryResults", "athena:StopQueryExecution",
                     "athena:GetWorkGroup"],
                   "Resource": "arn:aws:athena:eu-west-1:123456789012:workgroup/stedi-ml"},
                  {"Sid": "MachineLearningTableOnly", "Effect": "Allow",
                   "Action": ["glue:GetDatabase", "glue:GetTable"],
                   "Resource": [
                     "arn:aws:glue:eu-west-1:123456789012:catalog",
                     "arn:aws:glue:eu-west-1:123456789012:database/stedi_curated",
                     "arn:aws:glue:eu-west-1:123456789012:table/stedi_curated/machine_learning"]},
                  {"Sid": "MachineLearningObjectsOnly", "Effect": "Allow",
                   "Action": "s3:GetObject",
                   "Resource": "arn:aws:s3:::stedi-data/warehouse/curated/machine_learning/*"},
                  {"Sid": "ListMachineLearningAndOwnResults", "Effect": "Allow",
                   "Action": "s3:ListBucket",
                   "Resource": "arn:aws:s3:::stedi-data",
                   "Condition": {"StringLike": {"s3:prefix": [
                     "warehouse/curated/machine_learning/*",
                     "athena-results/machine-learning/*"]}}},
                  {"Sid": "BucketLocation", "Effect": "Allow",
                   "Action": "s3:GetBucketLocation",
                   "Resource": "arn:aws:s3:::stedi-data"},
                  {"Sid": "OwnQueryResults", "Effect": "Allow",
                   "Action": ["s3:GetObject", "s3:PutObject"],
                   "Resource": "arn:aws:s3:::stedi-data/athena-results/machine-learning/*"}
                ]
                """));
    assertThat(
            resolve(
                resources
                    .get("MlAthenaWorkGroup")
                    .get("Properties")
                    .get("WorkGroupConfiguration")
                    .get("ResultConfiguration")
                    .get("OutputLocation")))
        .isEqualTo("s3://stedi-data/athena-results/machine-learning/");
    assertThat(
            resolve(
                resources
                    .get("AthenaWorkGroup")
                    .get("Properties")
                    .get("WorkGroupConfiguration")
                    .get("ResultConfiguration")
                    .get("OutputLocation")))
        .isEqualTo("s3://stedi-data/athena-results/stedi/");
  }

  @Test
  void theJobRoleTrustsGlueOnlyForThisAccount() throws IOException {
    assertThat(
            resolved(
                resources.get("NightlyJobRole").get("Properties").get("AssumeRolePolicyDocument")))
        .isEqualTo(
            JSON.readTree(
                """
                {"Version": "2012-10-17",
                 "Statement": [
                   {"Effect": "Allow",
                    "Principal": {"Service": "glue.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                    "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]}
                """));
  }

  @Test
  void anEmptyGlueDatabasePrefixIsRefused() {
    JsonNode prefix = parameters.get("GlueDatabasePrefix");
    // CloudFormation matches AllowedPattern against the whole value.
    Pattern allowed = Pattern.compile(prefix.get("AllowedPattern").asText());

    assertThat(prefix.get("MinLength").asInt()).isEqualTo(1);
    assertThat(allowed.matcher("").matches()).isFalse();
    assertThat(allowed.matcher("_").matches()).isFalse();
    assertThat(allowed.matcher("stedi_").matches()).isTrue();
    assertThat(allowed.matcher(prefix.get("Default").asText()).matches()).isTrue();
    assertThatThrownBy(
            () ->
                LakehouseConfig.resolve(
                    ConfigSources.of(
                        Map.of(
                            "profile", "aws",
                            "warehouse", "s3://stedi-data/warehouse",
                            "aws.glue.database-prefix", ""),
                        Map.of(),
                        null),
                    false))
        .isInstanceOf(SetupException.class)
        .hasMessage(
            "Cannot read aws.glue.database-prefix: the Glue database prefix is empty; set one"
                + " such as stedi_, or leave the setting out for databases named landing,"
                + " trusted, curated and ops");
  }

  @Test
  void theWriterWritesEachZoneByItsOwnPrefix() {
    assertThat(resourcesOf("LakehouseWriterPolicy"))
        .contains(
            "arn:aws:s3:::stedi-data/warehouse/landing/*",
            "arn:aws:s3:::stedi-data/warehouse/trusted/*",
            "arn:aws:s3:::stedi-data/warehouse/curated/*",
            "arn:aws:s3:::stedi-data/warehouse/ops/*")
        .doesNotContain("arn:aws:s3:::stedi-data/*", "arn:aws:s3:::stedi-data/warehouse/*", "*");
  }

  private static List<String> resourcesOf(String policy) {
    List<String> arns = new ArrayList<>();
    for (JsonNode statement :
        resources.get(policy).get("Properties").get("PolicyDocument").get("Statement")) {
      JsonNode resource = statement.get("Resource");
      if (resource.isArray()) {
        resource.forEach(r -> arns.add(resolve(r)));
      } else {
        arns.add(resolve(resource));
      }
    }
    return arns;
  }

  /** The value of a scalar, Ref or Fn::Sub with the sample parameters. */
  private static String resolve(JsonNode node) {
    if (node.isTextual() || node.isNumber()) {
      return node.asText();
    }
    if (node.has("Ref")) {
      return PARAMETERS.get(node.get("Ref").asText());
    }
    String text = node.get("Fn::Sub").asText();
    Matcher m = Pattern.compile("\\$\\{([A-Za-z:]+)}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = PARAMETERS.get(m.group(1));
      assertThat(value).as("parameter %s", m.group(1)).isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A copy of a node with every Ref and Fn::Sub in it resolved with the sample parameters. */
  private static JsonNode resolved(JsonNode node) {
    if (node.isObject() && node.size() == 1 && (node.has("Ref") || node.has("Fn::Sub"))) {
      return TextNode.valueOf(resolve(node));
    }
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      node.fields().forEachRemaining(e -> copy.set(e.getKey(), resolved(e.getValue())));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(element -> copy.add(resolved(element)));
      return copy;
    }
    return node;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
