package com.stedi.lakehouse.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-memory AWS Glue Data Catalog served over HTTP on 127.0.0.1, so that tests run the real
 * {@code GlueClient} and Iceberg's real {@code GlueCatalog} with no AWS account and no network. It
 * exists because no Glue emulator ships on Maven Central (moto and LocalStack are Python services).
 *
 * <p>It speaks the AWS JSON 1.1 protocol ({@code POST /}, {@code X-Amz-Target: AWSGlue.<Op>}) for
 * the operations GlueCatalog calls: CreateDatabase, GetDatabase, GetDatabases, UpdateDatabase,
 * DeleteDatabase, CreateTable, GetTable, GetTables, UpdateTable and DeleteTable. Where Iceberg
 * depends on Glue's behaviour it follows it: names are stored in lower case; every table carries a
 * VersionId that UpdateTable increments, and an UpdateTable naming another VersionId fails with
 * ConcurrentModificationException (Glue's optimistic locking); errors are 400s carrying {@code
 * __type} and {@code x-amzn-ErrorType}, which the SDK maps to its modelled exceptions. It does not
 * check signatures, keep table versions (SkipArchive is ignored), evaluate GetTables expressions or
 * paginate (every list comes back whole). Any other operation fails with InvalidInputException
 * naming it, so a test that needs one more operation says which.
 *
 * <p>A catalog is pointed at it with properties only: {@code glue.endpoint} = {@link #uri()},
 * {@code client.region}, and {@code http-client.type=urlconnection}. It answers promptly only with
 * {@code -Dsun.net.httpserver.nodelay=true}, which the surefire configuration sets: without
 * TCP_NODELAY every response waits out the client's delayed ACK (40 ms).
 */
public final class GlueEndpoint implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TARGET_PREFIX = "AWSGlue.";

  private final HttpServer server;
  private final ExecutorService executor;
  // Stored nodes are replaced, never mutated, so a response may share them.
  private final Map<String, ObjectNode> databases = new TreeMap<>();
  private final Map<String, Map<String, ObjectNode>> tables = new HashMap<>();
  private final List<String> operations = new ArrayList<>();
  private final Map<String, String> faults = new HashMap<>();

  private GlueEndpoint() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor =
        Executors.newFixedThreadPool(
            4,
            task -> {
              Thread thread = new Thread(task, "glue-endpoint");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts an empty catalog on an ephemeral port. */
  public static GlueEndpoint start() {
    GlueEndpoint endpoint = new GlueEndpoint();
    endpoint.server.start();
    return endpoint;
  }

  /** The value for {@code glue.endpoint}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  public synchronized Set<String> databases() {
    return Collections.unmodifiableSet(new TreeSet<>(databases.keySet()));
  }

  public synchronized Set<String> tables(String database) {
    return Collections.unmodifiableSet(new TreeSet<>(tablesOf(database).keySet()));
  }

  /** The table's Glue Parameters, where Iceberg keeps table_type and metadata_location. */
  public synchronized Map<String, String> tableParameters(String database, String table) {
    Map<String, String> parameters = new TreeMap<>();
    table(database, table)
        .path("Parameters")
        .fields()
        .forEachRemaining(field -> parameters.put(field.getKey(), field.getValue().asText()));
    return Collections.unmodifiableMap(parameters);
  }

  /** The table's TableType field (Iceberg writes EXTERNAL_TABLE). */
  public synchronized String tableType(String database, String table) {
    return table(database, table).path("TableType").textValue();
  }

  public synchronized String storageLocation(String database, String table) {
    return table(database, table).path("StorageDescriptor").path("Location").textValue();
  }

  public synchronized String versionId(String database, String table) {
    return table(database, table).path("VersionId").textValue();
  }

  /** Every operation received, in order, including failed ones. */
  public synchronized List<String> operations() {
    return List.copyOf(operations);
  }

  /**
   * Makes the next call of {@code operation} fail with {@code errorType} (for instance
   * ConcurrentModificationException for UpdateTable), as when another writer wins a race.
   */
  public synchronized void failNext(String operation, String errorType) {
    faults.put(operation, errorType);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation =
          target != null && target.startsWith(TARGET_PREFIX)
              ? target.substring(TARGET_PREFIX.length())
              : String.valueOf(target);
      int status = 200;
      ObjectNode response;
      try {
        response = execute(operation, JSON.readTree(exchange.getRequestBody()));
      } catch (GlueError e) {
        status = e.type.equals("InternalServiceException") ? 500 : 400;
        response = error(e.type, e.getMessage());
      } catch (NoSuchElementException e) {
        status = 400;
        response = error("EntityNotFoundException", e.getMessage());
      } catch (IOException | RuntimeException e) {
        status = 500;
        response =
            error("InternalServiceException", "GlueEndpoint failed on " + operation + ": " + e);
      }
      if (status != 200) {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", response.get("__type").asText());
      }
      byte[] body = JSON.writeValueAsBytes(response);
      exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
      exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    } finally {
      exchange.close();
    }
  }

  private synchronized ObjectNode execute(String operation, JsonNode request) {
    operations.add(operation);
    String fault = faults.remove(operation);
    if (fault != null) {
      throw new GlueError(fault, "Injected by the test for " + operation);
    }
    ObjectNode response = JSON.createObjectNode();
    switch (operation) {
      case "CreateDatabase" -> {
        JsonNode input = request.path("DatabaseInput");
        String name = name(input, "Name");
        if (databases.containsKey(name)) {
          throw new GlueError("AlreadyExistsException", "Database already exists: " + name);
        }
        databases.put(name, stored(input, name, null));
        tables.put(name, new TreeMap<>());
      }
      case "GetDatabase" -> response.set("Database", database(name(request, "Name")));
      case "GetDatabases" -> response.putArray("DatabaseList").addAll(databases.values());
      case "UpdateDatabase" -> {
        String name = name(request, "Name");
        ObjectNode old = database(name);
        databases.put(name, stored(request.path("DatabaseInput"), name, old.get("CreateTime")));
      }
      case "DeleteDatabase" -> {
        String name = name(request, "Name");
        database(name);
        databases.remove(name);
        tables.remove(name);
      }
      case "CreateTable" -> {
        String database = name(request, "DatabaseName");
        JsonNode input = request.path("TableInput");
        String name = name(input, "Name");
        Map<String, ObjectNode> inDatabase = tablesOf(database);
        if (inDatabase.containsKey(name)) {
          throw new GlueError("AlreadyExistsException", "Table already exists: " + name);
        }
        inDatabase.put(name, storedTable(input, database, name, null, 0));
      }
      case "GetTable" ->
          response.set("Table", table(name(request, "DatabaseName"), name(request, "Name")));
      case "GetTables" ->
          response.putArray("TableList").addAll(tablesOf(name(request, "DatabaseName")).values());
      case "UpdateTable" -> {
        String database = name(request, "DatabaseName");
        JsonNode input = request.path("TableInput");
        String name = name(input, "Name");
        ObjectNode old = table(database, name);
        String current = old.get("VersionId").asText();
        String expected = request.path("VersionId").textValue();
        if (expected != null && !expected.equals(current)) {
          throw new GlueError(
              "ConcurrentModificationException",
              "Update table failed due to concurrent modifications: VersionId "
                  + expected
                  + " is not the current "
                  + current);
        }
        tablesOf(database)
            .put(
                name,
                storedTable(
                    input, database, name, old.get("CreateTime"), Long.parseLong(current) + 1));
      }
      case "DeleteTable" -> {
        String database = name(request, "DatabaseName");
        String name = name(request, "Name");
        table(database, name);
        tablesOf(database).remove(name);
      }
      default ->
          throw new GlueError(
              "InvalidInputException", "GlueEndpoint does not implement operation " + operation);
    }
    return response;
  }

  private ObjectNode database(String name) {
    ObjectNode database = databases.get(name.toLowerCase(Locale.ROOT));
    if (database == null) {
      throw new NoSuchElementException("Database " + name + " not found.");
    }
    return database;
  }

  private Map<String, ObjectNode> tablesOf(String database) {
    database(database);
    return tables.get(database.toLowerCase(Locale.ROOT));
  }

  private ObjectNode table(String database, String name) {
    ObjectNode table = tablesOf(database).get(name.toLowerCase(Locale.ROOT));
    if (table == null) {
      throw new NoSuchElementException("Table " + name + " not found in database " + database);
    }
    return table;
  }

  /** The input as Glue returns it: lower-case name, creation time kept across updates. */
  private static ObjectNode stored(JsonNode input, String name, JsonNode createTime) {
    ObjectNode stored =
        input.isObject() ? ((ObjectNode) input).deepCopy() : JSON.createObjectNode();
    stored.put("Name", name);
    stored.set("CreateTime", createTime != null ? createTime : now());
    return stored;
  }

  private static ObjectNode storedTable(
      JsonNode input, String database, String name, JsonNode createTime, long version) {
    ObjectNode table = stored(input, name, createTime);
    table.put("DatabaseName", database);
    table.set("UpdateTime", now());
    table.put("VersionId", Long.toString(version));
    return table;
  }

  private static String name(JsonNode node, String field) {
    String value = node.path(field).textValue();
    if (value == null || value.isEmpty()) {
      throw new GlueError("InvalidInputException", field + " is required");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /** Glue's JSON timestamps are epoch seconds, here with milliseconds as a plain decimal. */
  private static JsonNode now() {
    return DecimalNode.valueOf(BigDecimal.valueOf(System.currentTimeMillis(), 3));
  }

  private static ObjectNode error(String type, String message) {
    return JSON.createObjectNode().put("__type", type).put("Message", message);
  }

  /** A modelled Glue error: {@code type} is the exception's shape name. */
  private static final class GlueError extends RuntimeException {
    final String type;

    GlueError(String type, String message) {
      super(message);
      this.type = type;
    }
  }
}
