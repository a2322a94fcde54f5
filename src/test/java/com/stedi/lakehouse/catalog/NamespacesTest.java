package com.stedi.lakehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamespacesTest {
  private static final Namespaces GLUE = new Namespaces("stedi_");

  @Test
  void aPrefixRenamesTheNamespacesOfTables() {
    assertThat(GLUE.name(LakehouseTable.TRUSTED_CUSTOMER)).isEqualTo("stedi_trusted.customer");
    assertThat(GLUE.namespace(LakehouseTable.OPS_RUNS)).isEqualTo("stedi_ops");
    assertThat(GLUE.table("TRUSTED.customer")).isEqualTo(LakehouseTable.TRUSTED_CUSTOMER);
    assertThat(GLUE.table("stedi_trusted.customer")).isEqualTo(LakehouseTable.TRUSTED_CUSTOMER);
    assertThat(GLUE.table("stedi_trusted.nope")).isNull();
    assertThat(LakehouseTable.bySqlName("trusted.Customer"))
        .isEqualTo(LakehouseTable.TRUSTED_CUSTOMER);
  }

  @Test
  void migrationsHaveTheirTableNamesQualifiedButNotTheirQuotedText() {
    assertThat(
            GLUE.qualify(
                "alter table curated.step_counts rename column n to steps comment"
                    + " 'counted from trusted.step_trainer'"))
        .isEqualTo(
            "alter table stedi_curated.step_counts rename column n to steps comment"
                + " 'counted from trusted.step_trainer'");
    assertThat(
            GLUE.qualify(
                "CREATE TABLE Ops.new (x int comment \"from landing.customer\") /* trusted.a */"
                    + " tblproperties ('k' = 'it''s trusted.b')"))
        .isEqualTo(
            "CREATE TABLE stedi_Ops.new (x int comment \"from landing.customer\") /* trusted.a */"
                + " tblproperties ('k' = 'it''s trusted.b')");
    assertThat(
            GLUE.qualify(
                "alter table lakehouse.trusted.customer add column x.trusted.customer_id int"))
        .isEqualTo("alter table lakehouse.trusted.customer add column x.trusted.customer_id int");
    assertThat(GLUE.qualify("alter table trusted . customer add column `trusted`.x int"))
        .isEqualTo("alter table stedi_trusted . customer add column `trusted`.x int");
  }

  @Test
  void withoutPrefixNamesAndSqlAreUnchanged() {
    String sql = "select * from trusted.customer";
    assertThat(Namespaces.NONE.qualify(sql)).isSameAs(sql);
    assertThat(Namespaces.NONE.name(LakehouseTable.CURATED_MACHINE_LEARNING))
        .isEqualTo("curated.machine_learning");
    assertThat(LakehouseTable.CURATED_MACHINE_LEARNING.logicalName())
        .isEqualTo("curated.machine_learning");
  }
}
