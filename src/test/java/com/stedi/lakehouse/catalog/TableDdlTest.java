package com.stedi.lakehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class TableDdlTest extends LakehouseTestBase {
  private static final Set<String> RESERVED = Set.of("user", "timestamp", "date", "time", "order");

  @Test
  void createsEveryDeclaredTableOnceAndIsSafeToRerun() {
    assertThat(TableDdl.apply(spark)).containsExactly(LakehouseTable.values());
    String metadata = metadataLocation();

    assertThat(TableDdl.apply(spark)).isEmpty();
    assertThat(metadataLocation()).isEqualTo(metadata);
  }

  @Test
  void tablesAreWhatAthenaReads() {
    TableDdl.apply(spark);
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
  }

  @Test
  void sensorTablesArePartitionedByDayAndSortedByDeviceThenTime() {
    TableDdl.apply(spark);

    assertThat(IcebergTables.load(spark, LakehouseTable.TRUSTED_ACCELEROMETER).spec().toString())
        .contains("reading_at_day: day(");
    assertThat(sortColumns(LakehouseTable.TRUSTED_ACCELEROMETER))
        .containsExactly("user_email", "reading_time");
    assertThat(sortColumns(LakehouseTable.CURATED_MACHINE_LEARNING))
        .containsExactly("serial_number", "sensor_reading_time");
    assertThat(IcebergTables.load(spark, LakehouseTable.LANDING_STEP_TRAINER).spec().toString())
        .contains("sensor_reading_at_day: day(");
  }

  private static String metadataLocation() {
    return ((HasTableOperations) IcebergTables.load(spark, LakehouseTable.TRUSTED_CUSTOMER))
        .operations()
        .current()
        .metadataFileLocation();
  }

  private static List<String> sortColumns(LakehouseTable t) {
    Table table = IcebergTables.load(spark, t);
    return table.sortOrder().fields().stream()
        .map(f -> table.schema().findColumnName(f.sourceId()))
        .toList();
  }
}
