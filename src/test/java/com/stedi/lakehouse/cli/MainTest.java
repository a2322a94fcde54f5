package com.stedi.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stedi.lakehouse.Deliveries;
import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.StediCli;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MainTest extends LakehouseTestBase {
  private final StediCli cli = new StediCli();
  private String runOut;
  private String runErr;

  @Override
  protected boolean oneLakehousePerClass() {
    return true;
  }

  /** One `stedi run` over two customers, one consenting; most tests query its result. */
  @BeforeAll
  void runOneConsentingCustomer() {
    openLakehouse();
    deliver(
        Deliveries.annWithAReading("", 1)
            .customers(customer("bob@test.com", "s-bob", 1, false))
            .steps(stepTrainer("s-ann", 100, 250)));
    assertThat(stedi("run", "--warehouse", warehouse.toString(), "--source", source.toString()))
        .as(err())
        .isZero();
    runOut = out();
    runErr = err();
  }

  private String emptyWarehouse(String name) {
    return tempDir.resolve("empty-" + name).toString();
  }

  private int stedi(String... args) {
    return cli.run(args);
  }

  private String out() {
    return cli.out();
  }

  private String err() {
    return cli.err();
  }

  @Test
  void reportJsonMapsEveryTableToItsCount() throws Exception {
    assertThat(stedi("report", "--warehouse", warehouse.toString(), "--format", "json")).isZero();

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("landing.customer", 2);
    expected.put("landing.accelerometer", 1);
    expected.put("landing.step_trainer", 1);
    expected.put("landing.rejects", 0);
    expected.put("trusted.customer", 1);
    expected.put("trusted.accelerometer", 1);
    expected.put("curated.customer", 1);
    expected.put("trusted.step_trainer", 1);
    expected.put("curated.machine_learning", 1);
    assertThat(out().lines().toList()).hasSize(1);
    assertThat(
            new ObjectMapper()
                .readValue(out(), new TypeReference<LinkedHashMap<String, Object>>() {}))
        .containsExactlyEntriesOf(expected);
  }

  @Test
  void sqlJsonPrintsOneObjectPerRowNullsIncluded() {
    assertThat(
            stedi(
                "sql",
                "--warehouse",
                warehouse.toString(),
                "--format",
                "json",
                "select email, share_with_public_as_of_date, last_update_date from landing.customer"
                    + " order by email"))
        .isZero();

    assertThat(out().lines().toList())
        .containsExactly(
            "{\"email\":\"ann@test.com\",\"share_with_public_as_of_date\":null,\"last_update_date\":1}",
            "{\"email\":\"bob@test.com\",\"share_with_public_as_of_date\":null,\"last_update_date\":1}");
  }

  @Test
  void sqlTextPrintsATable() {
    assertThat(
            stedi(
                "sql",
                "--warehouse",
                warehouse.toString(),
                "select email, serial_number from curated.customer"))
        .isZero();

    assertThat(out().lines().toList())
        .containsExactly("email         serial_number", "ann@test.com  s-ann", "(1 row)");
  }

  @Test
  void runPrintsRowsChangedPerTableAndProgressOnStderr() {
    assertThat(runOut).containsPattern("trusted\\.customer\\s+2\\s+1\\s+0\\s+0\\s+[0-9.]+ s");
    assertThat(runErr)
        .contains(
            "[1/9] landing.customer ...",
            "[8/9] curated.machine_learning ...",
            "[9/9] audit and publish ...");
  }

  @Test
  void badSqlIsOneLineAndExitCode2() {
    assertThat(
            stedi("sql", "--warehouse", warehouse.toString(), "select nope from landing.customer"))
        .isEqualTo(ExitCode.INVALID);
    assertThat(err().lines().toList())
        .singleElement()
        .asString()
        .startsWith("stedi sql: Cannot run query: [UNRESOLVED_COLUMN");
  }

  @Test
  void reportBeforeInitSaysWhatToDo() {
    String empty = emptyWarehouse("report");
    assertThat(stedi("report", "--warehouse", empty)).isEqualTo(ExitCode.INVALID);
    assertThat(err())
        .isEqualTo(
            "stedi report: Cannot open the lakehouse in "
                + empty
                + ": its tables are missing; run `stedi init` or `stedi run` first"
                + System.lineSeparator());
  }

  @Test
  void missingSourceFolderIsOneLineAndExitCode2() {
    assertThat(stedi("run", "--warehouse", emptyWarehouse("run"), "--source", "/nonexistent/src"))
        .isEqualTo(ExitCode.INVALID);
    assertThat(err().lines().toList())
        .containsExactly("stedi run: Cannot read source /nonexistent/src: no such folder");
  }

  @Test
  void unwritableWarehouseIsOneLineAndExitCode2() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.writeString(tempDir.resolve("a-file"), "x");

    assertThat(stedi("init", "--warehouse", file.toString())).isEqualTo(ExitCode.INVALID);
    assertThat(err().lines().toList())
        .singleElement()
        .asString()
        .startsWith("stedi init: Cannot use warehouse " + file);
  }

  @Test
  void initIsIdempotent() {
    String empty = emptyWarehouse("init");
    assertThat(stedi("init", "--warehouse", empty)).isZero();
    assertThat(out().lines().toList())
        .containsExactly(
            "applied V001 create tables", "applied V002 add split to machine learning");

    assertThat(stedi("init", "--warehouse", empty)).isZero();
    assertThat(out().lines().toList())
        .containsExactly("The lakehouse in " + empty + " is up to date; nothing to do.");
  }

  @Test
  void unknownCommandOrOptionIsAUsageErrorWithExitCode2() {
    assertThat(stedi("frobnicate")).isEqualTo(ExitCode.INVALID);
    assertThat(stedi("report", "--format", "xml")).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("Invalid value for option '--format'");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command :
        List.of("init", "migrate", "run", "maintain", "report", "sql", "generate", "demo")) {
      assertThat(stedi(command, "--help")).as(command).isZero();
      assertThat(out()).as(command).startsWith("Usage: stedi " + command);
    }
  }

  @Test
  void generateRefusesAFolderThatHoldsSourceFiles() {
    String dir = tempDir.resolve("gen").toString();
    assertThat(stedi("generate", "--out", dir, "--customers", "5", "--readings", "20")).isZero();
    assertThat(out()).startsWith("wrote 5 customers");

    assertThat(stedi("generate", "--out", dir)).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("already holds generated files of this delivery");
  }

  @Test
  void maintainDryRunChangesNothingAndSaysWhatItWouldDo() throws Exception {
    List<String> filesBefore = filesUnder(warehouse);
    long snapshot = IcebergTables.currentSnapshotId(spark, LakehouseTable.TRUSTED_CUSTOMER);

    assertThat(
            stedi(
                "maintain",
                "--warehouse",
                warehouse.toString(),
                "--dry-run",
                "--expire-older-than",
                "0"))
        .as(err())
        .isZero();

    assertThat(out()).contains("(dry run: nothing changed").contains("trusted.customer");
    assertThat(filesUnder(warehouse)).isEqualTo(filesBefore);
    assertThat(IcebergTables.currentSnapshotId(spark, LakehouseTable.TRUSTED_CUSTOMER))
        .isEqualTo(snapshot);
  }

  @Test
  void maintainPrintsJsonPerTableAndAppendsToItsLogFile() throws Exception {
    Path log = tempDir.resolve("maintain.log");

    assertThat(
            stedi(
                "maintain",
                "--warehouse",
                warehouse.toString(),
                "--table",
                "trusted.customer",
                "--format",
                "json",
                "--log-file",
                log.toString()))
        .as(err())
        .isZero();

    Map<String, Object> doc = new ObjectMapper().readValue(out(), new TypeReference<>() {});
    assertThat(doc).containsEntry("dry_run", false);
    List<?> tables = (List<?>) doc.get("tables");
    assertThat(tables)
        .singleElement()
        .satisfies(
            t -> {
              Map<?, ?> table = (Map<?, ?>) t;
              assertThat(table.get("table")).isEqualTo("trusted.customer");
              assertThat(table.get("data_files_after")).isEqualTo(1);
              assertThat(table.get("delete_files_after")).isEqualTo(0);
            });
    assertThat(Files.readString(log))
        .contains((String) doc.get("maintenance_id"), "trusted.customer");
  }

  @Test
  void maintainRejectsAnUnknownTableOrABadWindowInOneLine() {
    assertThat(stedi("maintain", "--warehouse", warehouse.toString(), "--table", "trusted.nope"))
        .isEqualTo(ExitCode.INVALID);
    assertThat(err().strip())
        .startsWith(
            "stedi maintain: Cannot maintain: unknown table trusted.nope; known tables:"
                + " landing.customer,")
        .doesNotContain("\n");

    assertThat(
            stedi("maintain", "--warehouse", warehouse.toString(), "--expire-older-than", "soon"))
        .isEqualTo(ExitCode.INVALID);
    assertThat(err().strip())
        .isEqualTo(
            "stedi maintain: Cannot read --expire-older-than: 'soon' is not a duration such as"
                + " 7d, 12h, 30m or 0");

    assertThat(
            stedi(
                "maintain",
                "--warehouse",
                warehouse.toString(),
                "--target-file-size",
                "99999999999999999999MB"))
        .isEqualTo(ExitCode.INVALID);
    assertThat(err().strip())
        .isEqualTo(
            "stedi maintain: Cannot read --target-file-size: '99999999999999999999MB' is too large");
  }

  private static List<String> filesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("catalog.db"))
          .map(f -> f + " " + f.toFile().length())
          .sorted()
          .toList();
    }
  }
}
