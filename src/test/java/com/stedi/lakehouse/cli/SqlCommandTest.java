package com.stedi.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.Deliveries;
import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.StediCli;
import com.stedi.lakehouse.config.LakehouseConfig;
import com.stedi.lakehouse.ops.RunLock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** `stedi sql` and `stedi as-of` only read, unless `stedi sql --allow-writes`. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlCommandTest extends LakehouseTestBase {
  private final StediCli cli = new StediCli();
  private String runId;

  @Override
  protected boolean oneLakehousePerClass() {
    return true;
  }

  @BeforeAll
  void runOneConsentingCustomer() {
    openLakehouse();
    deliver(Deliveries.annWithAReading("", 1));
    runId = run().runId();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "insert into trusted.customer select * from trusted.customer | InsertIntoStatement",
        "merge into trusted.customer t using trusted.customer s on t.email = s.email"
            + " when matched then delete | MergeIntoTable",
        "delete from trusted.customer where email = 'ann@test.com' | DeleteFromTable",
        "update trusted.customer set phone = '0' | UpdateTable",
        "create table curated.copy (email string) | CreateTable",
        "create table curated.copy as select * from curated.customer | CreateTableAsSelect",
        "drop table curated.customer | DropTable",
        "alter table trusted.customer set tblproperties ('k' = 'v') | SetTableProperties",
        "alter table trusted.customer create tag kept | CreateOrReplaceTag",
        "call system.expire_snapshots('trusted.customer') | CallStatement",
        "with c as (select * from trusted.customer) insert into trusted.customer select * from c"
            + " | InsertIntoStatement"
      })
  void aWriteIsRefusedInOneLineAndChangesNothing(String statement, String kind) {
    assertThat(cli.run("sql", "--warehouse", warehouse.toString(), statement)).isEqualTo(2);

    assertThat(cli.err())
        .isEqualTo(
            "stedi sql: Cannot run the statement: it writes ("
                + kind
                + ") and stedi sql only reads; pass --allow-writes to write, bypassing the run's"
                + " audits"
                + System.lineSeparator());
    assertThat(rows("select email from trusted.customer")).containsExactly(row("ann@test.com"));
    assertThat(count("curated.customer")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select email from trusted.customer",
        "with c as (select email from trusted.customer) select * from c",
        "show tables in trusted",
        "describe table trusted.customer",
        "explain delete from trusted.customer",
        "select * from trusted.customer.snapshots"
      })
  void readsAreAllowed(String statement) {
    assertThat(cli.run("sql", "--warehouse", warehouse.toString(), statement))
        .as(cli.err())
        .isZero();
    assertThat(cli.err()).isEmpty();
  }

  @Test
  void allowWritesTakesTheRunLockAndSaysTheAuditsAreBypassed() {
    String wh = warehouse.toString();
    assertThat(
            cli.run("sql", "--warehouse", wh, "--allow-writes", "create table ops.scratch (n int)"))
        .as(cli.err())
        .isZero();
    assertThat(
            cli.run(
                "sql", "--warehouse", wh, "--allow-writes", "insert into ops.scratch values (7)"))
        .as(cli.err())
        .isZero();

    assertThat(cli.err())
        .isEqualTo(
            "stedi sql: --allow-writes: the run's audits are bypassed; nothing checks this"
                + " InsertIntoStatement for row loss or consent"
                + System.lineSeparator());
    assertThat(rows("select n from ops.scratch")).containsExactly(row(7));
    try (RunLock held = RunLock.acquire(LakehouseConfig.local(warehouse, 1, false), false)) {
      assertThat(
              cli.run(
                  "sql", "--warehouse", wh, "--allow-writes", "insert into ops.scratch values (8)"))
          .isEqualTo(2);
      assertThat(cli.err())
          .startsWith("stedi sql: Cannot start run: another stedi run is working on " + wh);
    }
    assertThat(rows("select n from ops.scratch")).containsExactly(row(7));
    spark.sql("drop table ops.scratch purge");
  }

  @Test
  void asOfRefusesACall() {
    assertThat(
            cli.run(
                "as-of",
                runId,
                "--warehouse",
                warehouse.toString(),
                "--",
                "call system.expire_snapshots('trusted.customer')"))
        .isEqualTo(2);

    assertThat(cli.err())
        .isEqualTo(
            "stedi as-of: Cannot read as of "
                + runId
                + ": not a query; as-of only reads (select or with)"
                + System.lineSeparator());
  }

  @Test
  void sqlAsOfRefusesACall() {
    assertThat(
            cli.run(
                "sql",
                "--warehouse",
                warehouse.toString(),
                "--as-of",
                runId,
                "--allow-writes",
                "call system.rollback_to_snapshot('trusted.customer', 1)"))
        .isEqualTo(2);

    assertThat(cli.err())
        .isEqualTo(
            "stedi sql: Cannot read as of "
                + runId
                + ": not a query; as-of only reads (select or with)"
                + System.lineSeparator());
  }
}
