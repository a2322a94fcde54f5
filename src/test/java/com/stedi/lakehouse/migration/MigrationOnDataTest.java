package com.stedi.lakehouse.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.SetupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.junit.jupiter.api.Test;

/** Migrations applied to lakehouses that hold data: no row lost, every old snapshot readable. */
class MigrationOnDataTest extends LakehouseTestBase {
  private static final String ML_COLUMNS =
      "select serial_number, sensor_reading_time, sensor_reading_at, distance_from_object, x, y, z";

  @Test
  void theSplitMigrationKeepsEveryRowTheNextRunFillsItAndTheSnapshotBeforeStaysReadable() {
    SchemaMigrations migrations = SchemaMigrations.bundled(spark);
    deliverNight(1, "ann@test.com", "bob@test.com");
    runWith(MigrationFiles.bundled().subList(0, 1)); // the stedi before V002
    long before = mlSnapshot();
    List<List<Object>> rowsBefore = rows("select * from curated.machine_learning order by 1");
    assertThat(rowsBefore).hasSize(2);

    assertThatThrownBy(this::run)
        .isInstanceOf(SetupException.class)
        .hasMessage(
            "The lakehouse has pending schema migrations V002 (add split to machine learning):"
                + " review them with `stedi migrate --dry-run`, then apply them with `stedi"
                + " migrate` or pass --migrate");
    assertThat(count("ops.runs")).isEqualTo(1);

    migrations.migrate(SchemaMigrations.LATEST, line -> {});
    // A metadata change only: no snapshot, the old rows read null in the new column.
    assertThat(mlSnapshot()).isEqualTo(before);
    assertThat(rows("select count(*) from curated.machine_learning where split is null"))
        .containsExactly(row(2L));

    run(); // nothing new delivered: the stage recomputes its table once, for the new schema
    assertThat(rows("select count(*) from curated.machine_learning where split is null"))
        .containsExactly(row(0L));
    assertThat(rows(ML_COLUMNS + " from curated.machine_learning order by 1"))
        .isEqualTo(rowsBefore);
    assertThat(rows("select * from curated.machine_learning version as of %d order by 1", before))
        .isEqualTo(rowsBefore);
    long filled = mlSnapshot();
    run();
    assertThat(mlSnapshot()).as("recomputed once only").isEqualTo(filled);

    // The same deliveries into a lakehouse born with every migration give the same tables.
    Map<String, List<String>> migratedLater = zoneContents();
    openLakehouse(tempDir.resolve("born-migrated"));
    run();
    assertThat(zoneContents()).isEqualTo(migratedLater);
  }

  private static long mlSnapshot() {
    return IcebergTables.currentSnapshotId(spark, LakehouseTable.CURATED_MACHINE_LEARNING);
  }

  @Test
  void aLakehouseFromBeforeSchemaHistoryIsRefusedThenBroughtUnderIt() {
    SchemaMigrations migrations = SchemaMigrations.bundled(spark);
    deliverNight(1, "ann@test.com");
    runWith(MigrationFiles.bundled().subList(0, 1));
    // As `stedi init` left lakehouses before migrations existed: the tables, no history.
    spark.sql("drop table ops.schema_history purge");
    Map<String, List<String>> contents = zoneContents();
    List<List<Object>> machineLearning = rows(ML_COLUMNS + " from curated.machine_learning");

    assertThat(migrations.isEmptyLakehouse()).isFalse();
    assertThatThrownBy(() -> migrations.prepare(false, line -> {}))
        .hasMessageStartingWith(
            "The lakehouse has pending schema migrations V001 (create tables), V002 (add split to"
                + " machine learning): ");

    assertThat(migrations.prepare(true, line -> {}))
        .extracting(AppliedMigration::label)
        .containsExactly("V001", "V002");
    // Every row kept; the new column is added, empty until the next run fills it.
    Map<String, List<String>> migrated = zoneContents();
    assertThat(migrated.remove("curated.machine_learning"))
        .containsExactly(contents.remove("curated.machine_learning").get(0).replace("]", ",null]"));
    assertThat(migrated).isEqualTo(contents);
    assertThat(rows(ML_COLUMNS + " from curated.machine_learning")).isEqualTo(machineLearning);
  }

  @Test
  void aFirstRunCutShortAfterCreatingSomeTablesIsCompletedByThePlainRunAfterIt() {
    deliverNight(1, "ann@test.com", "bob@test.com");
    // What a first run killed inside V001, or refused the write of its record, leaves: the
    // namespaces, the schema history without V001, some of the tables.
    new SchemaMigrations(spark, MigrationFiles.bundled().subList(0, 1), Clock.systemUTC())
        .migrate(SchemaMigrations.LATEST, line -> {});
    spark.sql("delete from ops.schema_history");
    spark.sql("drop table trusted.step_trainer purge");
    spark.sql("drop table curated.machine_learning purge");
    SchemaMigrations migrations = SchemaMigrations.bundled(spark);
    assertThat(migrations.isUnfinishedCreation()).isTrue();

    run();

    assertThat(migrations.status())
        .extracting(s -> s.label() + " " + s.state())
        .containsExactly("V001 APPLIED", "V002 APPLIED");
    assertThat(rows("select email from trusted.customer order by 1"))
        .containsExactly(row("ann@test.com"), row("bob@test.com"));
    assertThat(
            rows("select serial_number, distance_from_object from trusted.step_trainer order by 1"))
        .containsExactly(row("s-ann", 250), row("s-bob", 250));
    assertThat(
            rows(
                "select serial_number, sensor_reading_time, distance_from_object, x, y, z"
                    + " from curated.machine_learning order by 1"))
        .containsExactly(
            row("s-ann", 86_400_100L, 250, 1.0, 0.0, 0.0),
            row("s-bob", 86_400_100L, 250, 1.0, 0.0, 0.0));
    Map<String, List<String>> completed = zoneContents();
    openLakehouse(tempDir.resolve("created-whole"));
    run();
    assertThat(completed).isEqualTo(zoneContents());
  }

  @Test
  void everyKindOfSchemaChangeKeepsRowsAndOldSnapshotsReadable() throws Exception {
    Path folder = Files.createDirectories(tempDir.resolve("migrations"));
    Files.writeString(
        folder.resolve("V001__create_scratch.sql"),
        "create table landing.scratch (id int, name string, score float, at timestamp, extra string)"
            + " using iceberg partitioned by (days(at));\n");
    Files.writeString(
        folder.resolve("V002__evolve_scratch.sql"),
        String.join(
            "\n",
            "alter table landing.scratch add column note string comment 'added';",
            "alter table landing.scratch rename column name to label;",
            "alter table landing.scratch alter column id type bigint;",
            "alter table landing.scratch alter column score type double;",
            "alter table landing.scratch alter column note first;",
            "alter table landing.scratch drop column extra;",
            "alter table landing.scratch add partition field bucket(4, id);",
            "alter table landing.scratch write ordered by id desc;",
            "alter table landing.scratch set tblproperties ('comment' = 'evolved');"));
    SchemaMigrations migrations =
        new SchemaMigrations(spark, MigrationFiles.in(folder), Clock.systemUTC());
    migrations.migrate(1, line -> {});
    spark.sql(
        "insert into landing.scratch values"
            + " (1, 'a', 1.5, timestamp'2026-01-01 10:00:00', 'x'),"
            + " (2, 'b', 2.5, timestamp'2026-01-02 10:00:00', 'y')");
    long before = spark.sql("select snapshot_id from landing.scratch.snapshots").first().getLong(0);

    migrations.migrate(SchemaMigrations.LATEST, line -> {});
    spark.sql(
        "insert into landing.scratch values ('new', 3, 'c', 3.25, timestamp'2026-01-03 10:00:00')");

    assertThat(rows("select note, id, label, score from landing.scratch order by id"))
        .containsExactly(
            row(null, 1L, "a", 1.5), row(null, 2L, "b", 2.5), row("new", 3L, "c", 3.25));
    assertThat(rows("select * from landing.scratch version as of %d order by id", before))
        .containsExactly(
            row(1, "a", 1.5f, ts(1767261600000L), "x"), row(2, "b", 2.5f, ts(1767348000000L), "y"));
    Table table = Spark3Util.loadIcebergTable(spark, "landing.scratch");
    assertThat(table.properties()).containsEntry("comment", "evolved");
    assertThat(table.spec().fields())
        .extracting(f -> f.transform().toString())
        .containsExactly("day", "bucket[4]");
  }

  private void deliverNight(int night, String... emails) {
    long t = night * 86_400_000L;
    for (String email : emails) {
      String serial = "s-" + email.substring(0, 3);
      deliver("customer", night + "-" + email + ".json", customer(email, serial, t, true));
      deliver(
          "accelerometer",
          night + "-" + email + ".json",
          accelerometer(email, t + 100, 1, 0, 0),
          accelerometer(email, t + 200, 0, 1, 0));
      deliver("step_trainer", night + "-" + email + ".json", stepTrainer(serial, t + 100, 250));
    }
  }
}
