package com.stedi.lakehouse.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.RunPolicy;
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

  @Test
  void theBucketMigrationKeepsEveryRowAndTheSnapshotBeforeItReadable() {
    SchemaMigrations migrations = SchemaMigrations.bundled(spark);
    deliverNight(1, "ann@test.com", "bob@test.com");
    runWith(MigrationFiles.bundled().subList(0, 1));
    long before = IcebergTables.currentSnapshotId(spark, LakehouseTable.TRUSTED_ACCELEROMETER);
    List<List<Object>> rowsBefore = rows("select * from trusted.accelerometer order by 1, 2");
    Map<String, List<String>> contentsBefore = zoneContents();

    assertThatThrownBy(this::run)
        .isInstanceOf(SetupException.class)
        .hasMessage(
            "The lakehouse has pending schema migrations V002 (bucket trusted accelerometer by"
                + " customer): review them with `stedi migrate --dry-run`, then apply them with"
                + " `stedi migrate` or pass --migrate");
    assertThat(count("ops.runs")).isEqualTo(1);

    deliverNight(2, "ann@test.com", "bob@test.com");
    run(RunPolicy.defaults().withMigrate(true));

    assertThat(migrations.pending(SchemaMigrations.LATEST)).isEmpty();
    assertThat(rows("select * from trusted.accelerometer version as of %d order by 1, 2", before))
        .isEqualTo(rowsBefore);
    // Night 1 stays in the day-only files; night 2 is written bucketed by customer.
    assertThat(
            rows(
                "select spec_id, count(*) from trusted.accelerometer.files"
                    + " where content = 0 group by spec_id order by spec_id"))
        .extracting(r -> r.get(0))
        .containsExactly(0, 1);
    assertThat(rows("select count(*) from trusted.accelerometer.files where spec_id = 0"))
        .containsExactly(row(1L));
    assertThat(count("trusted.accelerometer")).isEqualTo(rowsBefore.size() * 2L);
    assertThat(zoneContents()).isNotEqualTo(contentsBefore);
    // The same deliveries into a lakehouse born with every migration give the same tables.
    Map<String, List<String>> migratedLater = zoneContents();
    openLakehouse(tempDir.resolve("born-migrated"));
    run();
    assertThat(zoneContents()).isEqualTo(migratedLater);
  }

  @Test
  void aLakehouseFromBeforeSchemaHistoryIsRefusedThenBroughtUnderIt() {
    SchemaMigrations migrations = SchemaMigrations.bundled(spark);
    deliverNight(1, "ann@test.com");
    runWith(MigrationFiles.bundled().subList(0, 1));
    // As `stedi init` left lakehouses before migrations existed: the tables, no history.
    spark.sql("drop table ops.schema_history purge");
    Map<String, List<String>> contents = zoneContents();

    assertThat(migrations.isEmptyLakehouse()).isFalse();
    assertThatThrownBy(() -> migrations.prepare(false, line -> {}))
        .hasMessageStartingWith(
            "The lakehouse has pending schema migrations V001 (create tables), V002 (bucket"
                + " trusted accelerometer by customer): ");

    assertThat(migrations.prepare(true, line -> {}))
        .extracting(AppliedMigration::label)
        .containsExactly("V001", "V002");
    assertThat(zoneContents()).isEqualTo(contents);
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
