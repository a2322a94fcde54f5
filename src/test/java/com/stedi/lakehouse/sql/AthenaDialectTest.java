package com.stedi.lakehouse.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AthenaDialectTest {
  @Test
  void dottedDoubleQuotedNamesBecomeBackQuoted() {
    assertThat(
            AthenaDialect.toSpark(
                "select * from \"curated\".\"machine_learning\" for version as of 42"))
        .isEqualTo("select * from `curated`.`machine_learning` for version as of 42");
    assertThat(AthenaDialect.toSpark("select t.\"x\" from \"a b\".t"))
        .isEqualTo("select t.`x` from `a b`.t");
  }

  @Test
  void athenaMetadataTablesBecomeIcebergOnes() {
    assertThat(AthenaDialect.toSpark("select * from \"trusted\".\"customer$snapshots\""))
        .isEqualTo("select * from `trusted`.`customer`.`snapshots`");
    assertThat(AthenaDialect.toSpark("select * from trusted.\"customer$history\""))
        .isEqualTo("select * from trusted.`customer`.`history`");
  }

  @Test
  void stringsAndSparkSyntaxAreLeftAlone() {
    String spark =
        "select \"a string\" as s, 'it''s \"x\".\"y\"' as t from trusted.customer"
            + " timestamp as of '2026-11-23 01:00:00' where email = \"ann@test.com\"";
    assertThat(AthenaDialect.toSpark(spark)).isEqualTo(spark);
    assertThat(AthenaDialect.toSpark("select 'unterminated \"a\".\"b\""))
        .isEqualTo("select 'unterminated \"a\".\"b\"");
    String concatenation = "select \"x\" || \".\" || \"y\"";
    assertThat(AthenaDialect.toSpark(concatenation)).isEqualTo(concatenation);
    String escaped = "select 'it\\'s \"a\".\"b\"' as s";
    assertThat(AthenaDialect.toSpark(escaped)).isEqualTo(escaped);
  }

  @Test
  void commentsAndBackQuotedNamesAreLeftAlone() {
    String query =
        "-- don't touch \"a\".\"b\"\nselect `it's`, /* \"c\".\"d\" */ note from \"t\".\"u\"";
    assertThat(AthenaDialect.toSpark(query))
        .isEqualTo(
            "-- don't touch \"a\".\"b\"\nselect `it's`, /* \"c\".\"d\" */ note from `t`.`u`");
  }
}
