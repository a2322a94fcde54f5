package com.stedi.lakehouse.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.catalog.CatalogState;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.sql.SqlScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * ddl/ is the declared state of every table, migrations/ the way there: every migration applied to
 * an empty catalog must give exactly the tables that ddl/ creates. Any drift fails the build.
 */
class DeclaredSchemaTest extends LakehouseTestBase {
  private static final Set<String> RESERVED = Set.of("user", "timestamp", "date", "time", "order");

  /** What must agree between two tables: columns, partitioning, sort order, properties. */
  record Shape(
      List<String> columns,
      List<String> partitioning,
      List<String> sortOrder,
      Map<String, String> properties,
      int formatVersion) {}

  @Test
  void everyMigrationAppliedToAnEmptyCatalogGivesTheTablesOfDdl() {
    openLakehouse(tempDir.resolve("migrated"));
    SchemaMigrations.bundled(spark).migrate(SchemaMigrations.LATEST, line -> {});
    Map<LakehouseTable, Shape> migrated = shapes();

    openLakehouse(tempDir.resolve("declared"));
    CatalogState.createNamespaces(spark);
    for (LakehouseTable table : LakehouseTable.values()) {
      SqlScript.statements(SqlScript.load(table.ddlResource())).forEach(spark::sql);
    }
    Map<LakehouseTable, Shape> declared = shapes();

    assertThat(migrated).containsExactlyEntriesOf(declared);
  }

  @Test
  void ddlHoldsOneFileForEveryTableAndNothingElse() throws IOException {
    List<String> files;
    try (Stream<Path> walk = Files.walk(Path.of("ddl"))) {
      files =
          walk.filter(Files::isRegularFile)
              .map(p -> Path.of("ddl").relativize(p).toString())
              .sorted()
              .toList();
    }
    assertThat(files)
        .containsExactlyElementsOf(
            Arrays.stream(LakehouseTable.values())
                .map(t -> t.ddlResource().substring("ddl/".length()))
                .sorted()
                .toList());
  }

  @Test
  void migratedTablesAreWhatAthenaReads() {
    SchemaMigrations.bundled(spark).migrate(SchemaMigrations.LATEST, line -> {});
    for (LakehouseTable t : LakehouseTable.values()) {
      Table table = IcebergTables.load(spark, t);
      assertThat(((HasTableOperations) table).operations().current().formatVersion())
          .as("%s", t)
          .isEqualTo(2);
      assertThat(table.properties())
          .as("%s", t)
          .containsEntry("write.format.default", "parquet")
          .containsEntry("write.parquet.compression-codec", "zstd");
      assertThat(table.location()).as("%s", t).startsWith("file:/");
      for (Types.NestedField column : table.schema().columns()) {
        assertThat(column.name()).as("%s", t).matches("[a-z][a-z0-9_]*").isNotIn(RESERVED);
        assertThat(column.doc()).as("%s.%s", t, column.name()).isNotBlank();
      }
    }
    assertThat(shapes().get(LakehouseTable.TRUSTED_ACCELEROMETER).partitioning())
        .containsExactly("reading_at_day=day(reading_at)");
    assertThat(shapes().get(LakehouseTable.CURATED_MACHINE_LEARNING).sortOrder())
        .containsExactly("serial_number ASC NULLS FIRST", "sensor_reading_time ASC NULLS FIRST");
  }

  private static Map<LakehouseTable, Shape> shapes() {
    Map<LakehouseTable, Shape> shapes = new LinkedHashMap<>();
    for (LakehouseTable t : LakehouseTable.values()) {
      shapes.put(t, shape(IcebergTables.load(spark, t)));
    }
    return shapes;
  }

  private static Shape shape(Table table) {
    Schema schema = table.schema();
    return new Shape(
        schema.columns().stream()
            .map(
                c ->
                    c.name()
                        + " "
                        + c.type()
                        + (c.isRequired() ? " not null" : "")
                        + " -- "
                        + c.doc())
            .toList(),
        table.spec().fields().stream()
            .map(
                f ->
                    f.name()
                        + "="
                        + f.transform()
                        + "("
                        + schema.findColumnName(f.sourceId())
                        + ")")
            .toList(),
        table.sortOrder().fields().stream()
            .map(
                f ->
                    schema.findColumnName(f.sourceId())
                        + (f.transform().isIdentity() ? "" : " " + f.transform())
                        + " "
                        + f.direction()
                        + " "
                        + f.nullOrder())
            .toList(),
        new TreeMap<>(table.properties()),
        ((HasTableOperations) table).operations().current().formatVersion());
  }
}
