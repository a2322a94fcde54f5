package com.stedi.lakehouse.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.SetupException;
import com.stedi.lakehouse.config.ToolVersion;
import com.stedi.lakehouse.migration.MigrationStatus.State;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.HasTableOperations;
import org.junit.jupiter.api.Test;

class SchemaMigrationsTest extends LakehouseTestBase {
  private static final String CREATE = "create table landing.scratch (id bigint) using iceberg;\n";
  private static final String SET_PROPERTY =
      "alter table landing.scratch set tblproperties ('team' = 'ml');\n";

  @Test
  void appliesEveryMigrationOnceInOrderAndRecordsIt() {
    SchemaMigrations migrations = SchemaMigrations.bundled(spark);
    assertThat(migrations.isEmptyLakehouse()).isTrue();

    assertThat(migrations.migrate(SchemaMigrations.LATEST, line -> {}))
        .extracting(AppliedMigration::label)
        .containsExactly("V001", "V002");
    String metadata = metadataLocation(LakehouseTable.TRUSTED_ACCELEROMETER);

    assertThat(migrations.migrate(SchemaMigrations.LATEST, line -> {})).isEmpty();
    assertThat(metadataLocation(LakehouseTable.TRUSTED_ACCELEROMETER)).isEqualTo(metadata);
    List<Migration> files = MigrationFiles.bundled();
    assertThat(
            rows(
                "select installed_rank, version, script, checksum, statements = statements_applied,"
                    + " success, error, applied_by from ops.schema_history order by 1"))
        .containsExactly(
            row(
                1,
                1,
                "V001__create_tables.sql",
                files.get(0).checksum(),
                true,
                true,
                null,
                ToolVersion.current()),
            row(
                2,
                2,
                "V002__add_split_to_machine_learning.sql",
                files.get(1).checksum(),
                true,
                true,
                null,
                ToolVersion.current()));
    assertThat(migrations.status())
        .extracting(MigrationStatus::state)
        .containsExactly(State.APPLIED, State.APPLIED);
  }

  @Test
  void appliesUpToATargetVersion() {
    SchemaMigrations migrations = SchemaMigrations.bundled(spark);
    migrations.migrate(1, line -> {});

    assertThat(migrations.status())
        .extracting(MigrationStatus::label, MigrationStatus::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("V001", State.APPLIED),
            org.assertj.core.groups.Tuple.tuple("V002", State.PENDING));
    assertThat(spark.table("curated.machine_learning").columns()).doesNotContain("split");
  }

  @Test
  void refusesAnAppliedMigrationWhoseFileChanged() throws IOException {
    Path folder = migrations("V001__create_scratch.sql", CREATE);
    custom(folder).migrate(SchemaMigrations.LATEST, line -> {});

    Files.writeString(folder.resolve("V001__create_scratch.sql"), CREATE + "-- edited\n");
    SchemaMigrations edited = custom(folder);

    assertThat(edited.status()).extracting(MigrationStatus::state).containsExactly(State.CHANGED);
    assertThatThrownBy(() -> edited.migrate(SchemaMigrations.LATEST, line -> {}))
        .isInstanceOf(SetupException.class)
        .hasMessageStartingWith(
            "Cannot migrate: V001__create_scratch.sql was applied to this lakehouse and has changed"
                + " since (checksum ")
        .hasMessageEndingWith("restore it, and put the change in a new migration");
  }

  @Test
  void lineEndingsAreNotAChange() throws IOException {
    Path folder = migrations("V001__create_scratch.sql", CREATE);
    custom(folder).migrate(SchemaMigrations.LATEST, line -> {});

    Files.writeString(folder.resolve("V001__create_scratch.sql"), CREATE.replace("\n", "\r\n"));

    assertThat(custom(folder).migrate(SchemaMigrations.LATEST, line -> {})).isEmpty();
  }

  @Test
  void refusesWronglyNamedFilesAndSharedVersions() throws IOException {
    for (String name :
        List.of("V2__add.sql", "V002_add.sql", "v002__add.sql", "V002__Add Column.sql")) {
      Path folder = migrations(name, CREATE);
      assertThatThrownBy(() -> MigrationFiles.in(folder))
          .as(name)
          .isInstanceOf(SetupException.class)
          .hasMessage(
              "Cannot use migration "
                  + name
                  + ": the name must be V<NNN>__<description>.sql, e.g. V003__add_step_count.sql"
                  + " (lower-case words joined by _)");
    }
    Path folder = migrations("V002__add_a.sql", CREATE);
    Files.writeString(folder.resolve("V002__add_b.sql"), CREATE);
    Files.writeString(folder.resolve("README.md"), "not a migration");
    assertThatThrownBy(() -> MigrationFiles.in(folder))
        .hasMessage(
            "Cannot use migrations V002__add_a.sql and V002__add_b.sql: both are version V002;"
                + " give one the next free version");
  }

  @Test
  void refusesANewVersionOlderThanAnAppliedOne() throws IOException {
    Path folder = migrations("V002__create_scratch.sql", CREATE);
    custom(folder).migrate(SchemaMigrations.LATEST, line -> {});
    Files.writeString(folder.resolve("V001__late.sql"), SET_PROPERTY);

    assertThatThrownBy(() -> custom(folder).migrate(SchemaMigrations.LATEST, line -> {}))
        .hasMessage(
            "Cannot migrate: V001__late.sql is older than V002, which this lakehouse has applied"
                + " already; renumber it after that");
  }

  @Test
  void refusesALakehouseThatAppliedAVersionThisStediLacks() throws IOException {
    Path folder = migrations("V001__create_scratch.sql", CREATE);
    Files.writeString(folder.resolve("V002__more.sql"), SET_PROPERTY);
    custom(folder).migrate(SchemaMigrations.LATEST, line -> {});
    Files.delete(folder.resolve("V002__more.sql"));

    assertThatThrownBy(() -> custom(folder).migrate(SchemaMigrations.LATEST, line -> {}))
        .hasMessage(
            "Cannot migrate: this lakehouse has V002__more.sql applied (by "
                + ToolVersion.current()
                + "), which this stedi lacks; use a stedi that has it");
  }

  @Test
  void aFailedMigrationKeepsWhatRanAndResumesAtTheFailedStatementOnceFixed() throws IOException {
    Path folder = migrations("V001__create_scratch.sql", CREATE);
    String broken =
        "alter table landing.scratch add column note string;\n"
            + "alter table landing.scratch rename column missing to remark;\n"
            + "alter table landing.scratch add column score double;\n";
    Files.writeString(folder.resolve("V002__evolve_scratch.sql"), broken);

    assertThatThrownBy(() -> custom(folder).migrate(SchemaMigrations.LATEST, line -> {}))
        .isInstanceOf(MigrationFailed.class)
        .hasMessageStartingWith(
            "V002__evolve_scratch.sql failed at statement 2 of 3 (alter table landing.scratch"
                + " rename column missing to remark): ")
        .hasMessageEndingWith(
            "; the migrations before it and its first 1 statement(s) stay applied: fix the file"
                + " and rerun `stedi migrate` to resume at statement 2");
    assertThat(custom(folder).status())
        .extracting(MigrationStatus::state)
        .containsExactly(State.APPLIED, State.FAILED);
    assertThat(columns("landing.scratch")).containsExactly("id", "note");

    // The statement that ran is kept as it ran: editing it is refused.
    Files.writeString(folder.resolve("V002__evolve_scratch.sql"), broken.replace("note", "memo"));
    assertThatThrownBy(() -> custom(folder).migrate(SchemaMigrations.LATEST, line -> {}))
        .hasMessage(
            "Cannot resume V002__evolve_scratch.sql: its first 1 statement(s) ran before it failed"
                + " and have changed since; keep them as they ran and fix statement 2 onwards");

    Files.writeString(
        folder.resolve("V002__evolve_scratch.sql"), broken.replace("missing", "note"));
    assertThat(custom(folder).migrate(SchemaMigrations.LATEST, line -> {}))
        .extracting(AppliedMigration::label)
        .containsExactly("V002");
    assertThat(columns("landing.scratch")).containsExactly("id", "remark", "score");
    assertThat(
            rows(
                "select installed_rank, version, statements_applied, success from"
                    + " ops.schema_history order by 1"))
        .containsExactly(
            row(1, 1, 1, true), // V001
            row(2, 2, 1, false), // V002's progress after statement 1
            row(3, 2, 1, false), // its failure at statement 2
            row(4, 2, 2, false), // the resumed attempt's progress after statement 2
            row(5, 2, 3, true)); // its end
  }

  @Test
  void refusesDataChangesAndInvalidSqlBeforeAnythingRuns() throws IOException {
    Path folder = migrations("V001__create_scratch.sql", CREATE);
    Files.writeString(
        folder.resolve("V002__fill_scratch.sql"),
        SET_PROPERTY + "insert into landing.scratch values (1);\n");

    assertThatThrownBy(() -> custom(folder).migrate(SchemaMigrations.LATEST, line -> {}))
        .isInstanceOf(SetupException.class)
        .hasMessage(
            "Cannot migrate: V002__fill_scratch.sql statement 2 (insert into landing.scratch values"
                + " (1)) is not a schema change (InsertIntoStatement); a migration may change"
                + " columns, partitioning, sort order and properties, and create tables, branches"
                + " and tags, never data or what old snapshots need");
    assertThat(spark.catalog().tableExists("landing.scratch")).isFalse();

    Files.writeString(folder.resolve("V002__fill_scratch.sql"), "alter tabel landing.scratch;\n");
    assertThatThrownBy(() -> custom(folder).migrate(SchemaMigrations.LATEST, line -> {}))
        .hasMessageStartingWith(
            "Cannot migrate: V002__fill_scratch.sql statement 1 (alter tabel landing.scratch) is"
                + " not valid SQL: ");

    // Iceberg's own statements are parsed by its SQL extensions, with their own exception.
    Files.writeString(
        folder.resolve("V002__fill_scratch.sql"),
        "alter table landing.scratch add partition field bucket(4 id);\n");
    assertThatThrownBy(() -> custom(folder).migrate(SchemaMigrations.LATEST, line -> {}))
        .isInstanceOf(SetupException.class)
        .hasMessageStartingWith(
            "Cannot migrate: V002__fill_scratch.sql statement 1 (alter table landing.scratch add"
                + " partition field bucket(4 id)) is not valid SQL: ");

    for (String statement :
        List.of(
            "drop table landing.scratch",
            "alter table landing.scratch drop tag `run-1`",
            "call system.rewrite_data_files('landing.scratch')")) {
      Files.writeString(folder.resolve("V002__fill_scratch.sql"), statement + ";\n");
      assertThatThrownBy(() -> custom(folder).migrate(SchemaMigrations.LATEST, line -> {}))
          .as(statement)
          .hasMessageContaining("is not a schema change");
    }
  }

  @Test
  void readsMigrationsFromAJar() throws IOException {
    Path jar = tempDir.resolve("stedi.jar");
    try (java.util.zip.ZipOutputStream zip =
        new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
      for (String name : List.of("V001__create_scratch.sql", "V002__more.sql")) {
        zip.putNextEntry(new java.util.zip.ZipEntry("com/stedi/lakehouse/migrations/" + name));
        zip.write(
            (name.startsWith("V001") ? CREATE : SET_PROPERTY).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }

    List<Migration> migrations =
        MigrationFiles.at(
            URI.create("jar:" + jar.toUri() + "!/com/stedi/lakehouse/migrations").toURL());

    assertThat(migrations)
        .extracting(Migration::script)
        .containsExactly("V001__create_scratch.sql", "V002__more.sql");
    assertThat(migrations.get(0).text()).isEqualTo(CREATE);
    assertThat(MigrationFiles.bundled())
        .extracting(Migration::label)
        .containsExactly("V001", "V002");
  }

  @Test
  void aProcessKilledBetweenTwoStatementsResumesAfterTheLastThatCommitted() throws IOException {
    Path folder = migrations("V001__create_scratch.sql", CREATE);
    custom(folder).migrate(SchemaMigrations.LATEST, line -> {});
    String evolve =
        "alter table landing.scratch add column note string;\n"
            + "alter table landing.scratch add column score double;\n";
    Files.writeString(folder.resolve("V002__evolve_scratch.sql"), evolve);
    // What a kill after the first statement leaves: the statement and its progress record.
    spark.sql("alter table landing.scratch add column note string");
    new SchemaHistory(spark)
        .record(
            new AppliedMigration(
                0,
                2,
                "evolve scratch",
                "V002__evolve_scratch.sql",
                Migration.sha256(evolve),
                2,
                1,
                MigrationFiles.in(folder).get(1).checksumOfFirst(1),
                false,
                "did not finish: stopped after statement 1",
                java.time.Instant.now(),
                ToolVersion.current(),
                5));

    assertThat(custom(folder).status().get(1).statementsDone()).isEqualTo(1);
    custom(folder).migrate(SchemaMigrations.LATEST, line -> {});

    assertThat(columns("landing.scratch")).containsExactly("id", "note", "score");
  }

  @Test
  void aFailedAttemptThatRanNothingDoesNotHoldItsFileIn() throws IOException {
    Path folder = migrations("V001__create_scratch.sql", CREATE);
    Files.writeString(
        folder.resolve("V002__broken.sql"), "alter table landing.nope add column x int;\n");
    assertThatThrownBy(() -> custom(folder).migrate(SchemaMigrations.LATEST, line -> {}))
        .isInstanceOf(MigrationFailed.class);
    Files.delete(folder.resolve("V002__broken.sql"));

    assertThat(custom(folder).status()).extracting(MigrationStatus::label).containsExactly("V001");
    assertThat(custom(folder).migrate(SchemaMigrations.LATEST, line -> {})).isEmpty();
  }

  private Path migrations(String name, String content) throws IOException {
    Path folder = Files.createDirectories(tempDir.resolve("migrations-" + name.hashCode()));
    Files.writeString(folder.resolve(name), content);
    return folder;
  }

  private static SchemaMigrations custom(Path folder) {
    return new SchemaMigrations(spark, MigrationFiles.in(folder), Clock.systemUTC());
  }

  private static List<String> columns(String table) {
    return Arrays.asList(spark.table(table).columns());
  }

  private static String metadataLocation(LakehouseTable table) {
    return ((HasTableOperations) IcebergTables.load(spark, table))
        .operations()
        .current()
        .metadataFileLocation();
  }
}
