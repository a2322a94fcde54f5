package com.stedi.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.StediCli;
import com.stedi.lakehouse.catalog.CatalogState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `stedi migrate`, and `stedi init` and `stedi run` on a lakehouse with pending migrations. */
class MigrateCommandTest extends LakehouseTestBase {
  private static final String PENDING_V002 =
      "The lakehouse has pending schema migrations V002 (add split to machine learning): review"
          + " them with `stedi migrate --dry-run`, then apply them with `stedi migrate` or pass"
          + " --migrate";

  private final StediCli cli = new StediCli();

  @Test
  void statusDryRunThenOneVersionThenTheRestWithTheRun() throws Exception {
    deliver("customer", "c.json", customer("ann@test.com", "s-ann", 1, true));

    assertThat(stedi("migrate", "--status", "--format", "json")).isZero();
    assertThat(states()).containsExactly("V001 pending", "V002 pending");

    assertThat(stedi("migrate", "--dry-run")).isZero();
    assertThat(out())
        .startsWith("-- V001__create_tables.sql\ncreate table if not exists landing.customer (")
        .contains(
            "-- V002__add_split_to_machine_learning.sql\n"
                + "alter table curated.machine_learning add column split string\n  comment 'ML set");
    assertThat(CatalogState.isEmpty(spark)).isTrue();

    assertThat(stedi("migrate", "--to", "V001")).as(err()).isZero();
    assertThat(out()).matches("applied V001 create tables \\(22 statements, \\d+\\.\\d s\\)\n");

    assertThat(stedi("run", "--source", source.toString())).isEqualTo(ExitCode.INVALID);
    assertThat(err().lines().toList()).containsExactly("stedi run: " + PENDING_V002);
    assertThat(stedi("init")).isEqualTo(ExitCode.INVALID);
    assertThat(err().lines().toList()).containsExactly("stedi init: " + PENDING_V002);

    assertThat(stedi("run", "--source", source.toString(), "--migrate")).as(err()).isZero();
    assertThat(err()).contains("V002 add split to machine learning ...");
    assertThat(stedi("migrate", "--status", "--format", "json")).isZero();
    assertThat(states()).containsExactly("V001 applied", "V002 applied");
    assertThat(stedi("migrate")).isZero();
    assertThat(out()).isEqualTo("Nothing to apply: the schema is up to date.\n");
    assertThat(stedi("migrate", "--dry-run")).isZero();
    assertThat(out()).isEqualTo("-- nothing to apply: the schema is up to date\n");
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(stedi("migrate", "--to", "latest")).isEqualTo(ExitCode.INVALID);
    assertThat(err().lines().toList())
        .containsExactly(
            "stedi migrate: Invalid value for --to: 'latest' (expected a version such as 2 or"
                + " V002)");
    assertThat(stedi("migrate", "--status", "--dry-run")).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("mutually exclusive");
  }

  private List<String> states() throws Exception {
    List<String> states = new ArrayList<>();
    for (JsonNode version : new ObjectMapper().readTree(out())) {
      states.add(version.get("version").asText() + " " + version.get("state").asText());
    }
    return states;
  }

  private int stedi(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--warehouse", warehouse.toString()));
    return cli.run(all.toArray(String[]::new));
  }

  private String out() {
    return cli.out();
  }

  private String err() {
    return cli.err();
  }
}
