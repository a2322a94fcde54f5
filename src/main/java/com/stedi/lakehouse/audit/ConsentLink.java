package com.stedi.lakehouse.audit;

import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.pipeline.DayRanges;
import com.stedi.lakehouse.sql.SqlScript;
import java.util.Map;
import java.util.Optional;

/**
 * How each published table's rows link to the customers whose consent they need, in one place: a
 * SQL resource per table ({@code sql/audit/consent/<zone>_<table>.sql}) that both the consent audit
 * (rows linked to no consenting customer) and rollback (restored rows linked to one) read. Customer
 * tables and readings link by e-mail; step trainer readings by the serial number of a consenting
 * customer with accelerometer readings; machine-learning rows by the owner's own reading at the
 * same instant, as the zone rules pair them. The consenting customers come from {@code
 * sql/audit/consenting.sql}, computed from landing apart from the transforms.
 */
final class ConsentLink {
  /** The consenting customers: e-mail and the serial number of their latest record. */
  static final String CONSENTING_SQL = "sql/audit/consenting.sql";

  private ConsentLink() {}

  /** The day column of the readings a machine-learning row links to, as its link SQL names it. */
  private static final String READING_DAY = "a.reading_at";

  /**
   * The SQL of the rows of {@code rows} (a table or view holding rows of {@code table}) that belong
   * to a consenting customer of view {@code consenting}, or, when not {@code belonging}, to none;
   * the SQL names tables as {@code namespaces} do.
   *
   * @param days the UTC days the rows' day column falls on, when known: a link through readings
   *     reads those of these days only (a row pairs with a reading of its own instant)
   */
  static String rows(
      Namespaces namespaces,
      LakehouseTable table,
      String rows,
      String consenting,
      boolean belonging,
      Optional<DayRanges> days) {
    return SqlScript.render(
        SqlScript.load("sql/audit/consent/" + table.viewName() + ".sql", namespaces),
        Map.of(
            "rows",
            rows,
            "consenting",
            consenting,
            "join",
            belonging ? "left semi" : "left anti",
            "reading_days",
            days.map(d -> d.condition(READING_DAY)).orElse("true")));
  }
}
