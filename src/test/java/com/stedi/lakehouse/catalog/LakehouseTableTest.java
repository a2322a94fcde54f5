package com.stedi.lakehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LakehouseTableTest {
  @AfterEach
  void noPrefix() {
    LakehouseTable.useNamespacePrefix("");
  }

  @Test
  void namespacePrefixRenamesTablesInSqlButNothingElse() {
    LakehouseTable.useNamespacePrefix("stedi_");

    assertThat(LakehouseTable.TRUSTED_CUSTOMER.sqlName()).isEqualTo("stedi_trusted.customer");
    assertThat(
            LakehouseTable.qualify(
                "select c.email from trusted.customer as c join landing.customer l"
                    + " on l.email = c.email where x.trusted.customer_id = 1"
                    + " and y = stedi_trusted.customer.id and `trusted.customer` = 'a'"))
        .isEqualTo(
            "select c.email from stedi_trusted.customer as c join stedi_landing.customer l"
                + " on l.email = c.email where x.trusted.customer_id = 1"
                + " and y = stedi_trusted.customer.id and `trusted.customer` = 'a'");
    assertThat(LakehouseTable.bySqlName("TRUSTED.customer"))
        .isEqualTo(LakehouseTable.TRUSTED_CUSTOMER);
    assertThat(LakehouseTable.bySqlName("stedi_trusted.customer"))
        .isEqualTo(LakehouseTable.TRUSTED_CUSTOMER);
  }

  @Test
  void migrationsHaveEveryNamespaceRenamedOutsideQuotedText() {
    LakehouseTable.useNamespacePrefix("stedi_");

    assertThat(
            LakehouseTable.qualifyNamespaces(
                "alter table curated.step_counts rename column n to steps comment"
                    + " 'counted from trusted.step_trainer'; create table ops.new (x int)"))
        .isEqualTo(
            "alter table stedi_curated.step_counts rename column n to steps comment"
                + " 'counted from trusted.step_trainer'; create table stedi_ops.new (x int)");
  }

  @Test
  void withoutPrefixSqlIsUnchanged() {
    String sql = "select * from trusted.customer";
    assertThat(LakehouseTable.qualify(sql)).isSameAs(sql);
    assertThat(LakehouseTable.CURATED_MACHINE_LEARNING.sqlName())
        .isEqualTo("curated.machine_learning");
  }
}
