package com.stedi.lakehouse.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stedi.lakehouse.catalog.Namespaces;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

  @Test
  void splitsOnSemicolonsOutsideQuotesAndDropsComments() {
    String script =
        "-- a comment; with a semicolon\n"
            + "create table t (a int comment 'x; y') using iceberg;\n\n"
            + "alter table t write ordered by a; -- trailing\n";

    assertThat(SqlScript.statements(script))
        .containsExactly(
            "create table t (a int comment 'x; y') using iceberg",
            "alter table t write ordered by a");
  }

  @Test
  void rendersKnownIdentifiersAndRefusesUnknownOnes() {
    assertThat(
            SqlScript.render(
                "select ${columns} from ${target}",
                Map.of("columns", "a, b", "target", "trusted.customer")))
        .isEqualTo("select a, b from trusted.customer");
    assertThatThrownBy(() -> SqlScript.render("select ${nope}", Map.of()))
        .hasMessage("Cannot render SQL: no value for ${nope}");
  }

  @Test
  void tablePlaceholdersTakeTheNamesOfTheNamespacesAndNothingElseChanges() {
    assertThat(SqlScript.load("sql/test/quoted_names.sql", new Namespaces("stedi_")))
        .isEqualTo(
            "-- Reads trusted.customer; comments and quoted strings keep their text.\n"
                + "select 'trusted.customer' as quoted, \"landing.customer\" as double_quoted,"
                + " c.email\n"
                + "from stedi_trusted.customer as c\n");
    assertThat(SqlScript.load("sql/test/quoted_names.sql", Namespaces.NONE))
        .endsWith("from trusted.customer as c\n");
  }
}
