package com.stedi.lakehouse.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * Iceberg's real GlueCatalog, over the real AWS SDK, against {@link GlueEndpoint}. Only catalog
 * properties point it there; credentials come from the SDK's default chain (system properties).
 */
class GlueEndpointTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "payload", Types.StringType.get()));
  private static final Namespace LAKE = Namespace.of("lake");
  private static final TableIdentifier EVENTS = TableIdentifier.of(LAKE, "events");
  private static AutoCloseable credentials;

  @TempDir Path tempDir;
  private GlueEndpoint glue;
  private GlueCatalog catalog;

  @BeforeAll
  static void testCredentials() {
    credentials = S3Endpoint.useTestCredentials();
  }

  @AfterAll
  static void restoreCredentials() throws Exception {
    credentials.close();
  }

  @BeforeEach
  void start() {
    glue = GlueEndpoint.start();
    catalog = newCatalog();
  }

  @AfterEach
  void stop() throws IOException {
    catalog.close();
    glue.close();
  }

  @Test
  void icebergTablesLiveInGlue() throws IOException {
    catalog.createNamespace(LAKE, Map.of("comment", "STEDI lake"));
    assertThat(glue.databases()).containsExactly("lake");
    assertThat(catalog.listNamespaces()).containsExactly(LAKE);
    assertThat(catalog.loadNamespaceMetadata(LAKE)).containsEntry("comment", "STEDI lake");

    Table table =
        catalog.createTable(
            EVENTS, SCHEMA, PartitionSpec.unpartitioned(), Map.of("format-version", "2"));
    Map<String, String> created = glue.tableParameters("lake", "events");
    assertThat(created).containsEntry("table_type", "ICEBERG");
    assertThat(created.get("metadata_location")).endsWith(".metadata.json");
    assertThat(Path.of(URI.create(created.get("metadata_location")))).exists();
    assertThat(glue.tableType("lake", "events")).isEqualTo("EXTERNAL_TABLE");
    assertThat(glue.storageLocation("lake", "events")).endsWith("/lake.db/events");
    assertThat(glue.versionId("lake", "events")).isEqualTo("0");

    table.newAppend().appendFile(dataFile(table, "a")).commit();
    table.newAppend().appendFile(dataFile(table, "b")).commit();
    Map<String, String> appended = glue.tableParameters("lake", "events");
    assertThat(appended.get("metadata_location"))
        .isNotEqualTo(created.get("metadata_location"))
        .isEqualTo(metadata(table).metadataFileLocation());
    assertThat(appended).containsKey("previous_metadata_location");
    assertThat(glue.versionId("lake", "events")).isEqualTo("2");

    try (GlueCatalog other = newCatalog()) {
      Table loaded = other.loadTable(EVENTS);
      assertThat(metadata(loaded).formatVersion()).isEqualTo(2);
      assertThat(loaded.currentSnapshot().snapshotId())
          .isEqualTo(table.currentSnapshot().snapshotId());
      assertThat(dataFiles(loaded)).containsExactlyInAnyOrder("a", "b");
      assertThat(other.listTables(LAKE)).containsExactly(EVENTS);
    }
    assertThat(glue.operations())
        .containsOnly(
            "CreateDatabase",
            "GetDatabase",
            "GetDatabases",
            "CreateTable",
            "GetTable",
            "UpdateTable",
            "GetTables");
  }

  @Test
  void staleWritersAreRebasedOrRejectedNeverLost() {
    Table table = createEvents();
    Table first = catalog.loadTable(EVENTS);
    Table second = catalog.loadTable(EVENTS);
    first.newAppend().appendFile(dataFile(table, "a")).commit();
    // An append refreshes before it commits, so the second writer builds on the first.
    second.newAppend().appendFile(dataFile(table, "b")).commit();
    assertThat(dataFiles(catalog.loadTable(EVENTS))).containsExactlyInAnyOrder("a", "b");

    // A commit from metadata that is no longer current is refused, and Glue keeps the winner.
    TableOperations stale = ((HasTableOperations) catalog.loadTable(EVENTS)).operations();
    TableMetadata base = stale.current();
    first.newAppend().appendFile(dataFile(table, "c")).commit();
    String winner = glue.tableParameters("lake", "events").get("metadata_location");
    TableMetadata update = TableMetadata.buildFrom(base).setProperties(Map.of("k", "v")).build();
    assertThatThrownBy(() -> stale.commit(base, update))
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("is not same as the current Glue location");
    assertThat(glue.tableParameters("lake", "events")).containsEntry("metadata_location", winner);
    assertThat(dataFiles(catalog.loadTable(EVENTS))).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void glueVersionConflictIsACommitFailure() {
    Table table = createEvents();
    glue.failNext("UpdateTable", "ConcurrentModificationException");
    table.newAppend().appendFile(dataFile(table, "a")).commit(); // retried by Iceberg
    assertThat(dataFiles(table)).containsExactly("a");

    table.updateProperties().set("commit.retry.num-retries", "0").commit();
    glue.failNext("UpdateTable", "ConcurrentModificationException");
    assertThatThrownBy(() -> table.newAppend().appendFile(dataFile(table, "b")).commit())
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("Glue detected concurrent update");
    assertThat(dataFiles(catalog.loadTable(EVENTS))).containsExactly("a");
  }

  @Test
  void concurrentWritersLoseNothing() throws Exception {
    createEvents()
        .updateProperties()
        .set("commit.retry.num-retries", "50")
        .set("commit.retry.min-wait-ms", "5")
        .set("commit.retry.max-wait-ms", "50")
        .commit();
    ExecutorService writers = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        String writer = "w" + w;
        done.add(
            writers.submit(
                () -> {
                  Table table = catalog.loadTable(EVENTS);
                  for (int i = 0; i < 4; i++) {
                    table.newAppend().appendFile(dataFile(table, writer + "-" + i)).commit();
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      writers.shutdownNow();
    }
    Table table = catalog.loadTable(EVENTS);
    assertThat(dataFiles(table)).hasSize(12);
    assertThat(StreamSupport.stream(table.snapshots().spliterator(), false).count()).isEqualTo(12);
    long updates = glue.operations().stream().filter("UpdateTable"::equals).count();
    // One UpdateTable per successful commit, plus any Glue refused on a stale VersionId.
    assertThat(Long.parseLong(glue.versionId("lake", "events")))
        .isEqualTo(13)
        .isLessThanOrEqualTo(updates);
  }

  @Test
  void dropRenameAndMissingEntities() {
    createEvents();
    assertThatThrownBy(() -> catalog.createNamespace(LAKE))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> catalog.createTable(EVENTS, SCHEMA))
        .isInstanceOf(AlreadyExistsException.class);

    TableIdentifier renamed = TableIdentifier.of(LAKE, "renamed");
    catalog.renameTable(EVENTS, renamed);
    assertThat(glue.tables("lake")).containsExactly("renamed");
    assertThat(catalog.loadTable(renamed).schema().asStruct()).isEqualTo(SCHEMA.asStruct());

    assertThat(catalog.dropTable(renamed, false)).isTrue();
    assertThat(glue.tables("lake")).isEmpty();
    assertThatThrownBy(() -> catalog.loadTable(renamed)).isInstanceOf(NoSuchTableException.class);

    assertThat(catalog.dropNamespace(LAKE)).isTrue();
    assertThat(glue.databases()).isEmpty();
    assertThatThrownBy(() -> catalog.loadNamespaceMetadata(LAKE))
        .isInstanceOf(NoSuchNamespaceException.class);
  }

  /** The SDK's own view: modelled exceptions from {@code __type}, VersionId locking. */
  @Test
  void sdkMapsErrorsAndHonoursVersionIds() {
    try (GlueClient client =
        GlueClient.builder()
            .endpointOverride(glue.uri())
            .region(Region.US_EAST_1)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build()) {
      client.createDatabase(r -> r.databaseInput(d -> d.name("Raw")));
      TableInput input = TableInput.builder().name("t").parameters(Map.of("k", "1")).build();
      client.createTable(r -> r.databaseName("raw").tableInput(input));
      assertThatThrownBy(() -> client.createTable(r -> r.databaseName("raw").tableInput(input)))
          .isInstanceOf(software.amazon.awssdk.services.glue.model.AlreadyExistsException.class);

      String version = client.getTable(r -> r.databaseName("raw").name("t")).table().versionId();
      client.updateTable(r -> r.databaseName("raw").tableInput(input).versionId(version));
      assertThat(client.getTable(r -> r.databaseName("raw").name("T")).table().versionId())
          .isEqualTo(String.valueOf(Long.parseLong(version) + 1));
      assertThatThrownBy(
              () ->
                  client.updateTable(
                      r -> r.databaseName("raw").tableInput(input).versionId(version)))
          .isInstanceOf(ConcurrentModificationException.class)
          .hasMessageContaining("VersionId " + version);

      assertThatThrownBy(() -> client.getTable(r -> r.databaseName("raw").name("missing")))
          .isInstanceOf(EntityNotFoundException.class);
      assertThatThrownBy(() -> client.getTables(r -> r.databaseName("missing")))
          .isInstanceOf(EntityNotFoundException.class);
      assertThatThrownBy(() -> client.getPartitions(r -> r.databaseName("raw").tableName("t")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("GetPartitions");
      assertThat(client.getTable(r -> r.databaseName("raw").name("t")).table().createTime())
          .isNotNull();
    }
  }

  private GlueCatalog newCatalog() {
    Map<String, String> properties = new HashMap<>();
    properties.put("warehouse", tempDir.resolve("warehouse").toUri().toString());
    properties.put("io-impl", "org.apache.iceberg.hadoop.HadoopFileIO");
    properties.put("glue.endpoint", glue.uri().toString());
    properties.put("client.region", "us-east-1");
    // Iceberg's default, "apache", needs apache-client; SDK 2.57 brings apache5-client instead.
    properties.put("http-client.type", "urlconnection");
    GlueCatalog glueCatalog = new GlueCatalog();
    glueCatalog.setConf(new Configuration());
    glueCatalog.initialize("glue", properties);
    return glueCatalog;
  }

  private Table createEvents() {
    catalog.createNamespace(LAKE);
    return catalog.createTable(
        EVENTS, SCHEMA, PartitionSpec.unpartitioned(), Map.of("format-version", "2"));
  }

  private static DataFile dataFile(Table table, String name) {
    return DataFiles.builder(PartitionSpec.unpartitioned())
        .withPath(table.location() + "/data/" + name + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(100)
        .withRecordCount(1)
        .build();
  }

  /** Names of the table's live data files (the files themselves need not exist). */
  private static List<String> dataFiles(Table table) {
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      return StreamSupport.stream(tasks.spliterator(), false)
          .map(task -> task.file().location())
          .map(file -> file.substring(file.lastIndexOf('/') + 1, file.lastIndexOf('.')))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static TableMetadata metadata(Table table) {
    return ((HasTableOperations) table).operations().current();
  }
}
