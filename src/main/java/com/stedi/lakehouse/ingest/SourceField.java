package com.stedi.lakehouse.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * One field of a source record and what a value must be to land. Every field is first read as text
 * (any JSON value, as its text), then cast here, so a wrong type is a reason to quarantine the line
 * rather than a parse failure of the whole file.
 *
 * @param name the JSON field name, as delivered
 * @param type what the value must be
 * @param required whether a line without it (absent, null or blank) is quarantined
 */
record SourceField(String name, Type type, boolean required) {
  /** An e-mail address: one {@code @} with text around it and no whitespace. */
  private static final String EMAIL_PATTERN = "^[^@\\s]+@[^@\\s]+$";

  /** How far past the run's start a reading may be dated, for clocks that run fast. */
  static final String FUTURE_TOLERANCE = "interval 1 day";

  enum Type {
    /** Any JSON value, kept as its text. */
    TEXT(DataTypes.StringType),
    /** Text that looks like an e-mail address. */
    EMAIL(DataTypes.StringType),
    /** A whole number of milliseconds since 1970, not after the run's start plus a day. */
    INSTANT(DataTypes.LongType),
    /** A whole number that fits 32 bits. */
    INT(DataTypes.IntegerType),
    /** A finite number. */
    NUMBER(DataTypes.DoubleType);

    private final DataType sparkType;

    Type(DataType sparkType) {
      this.sparkType = sparkType;
    }
  }

  static SourceField required(String name, Type type) {
    return new SourceField(name, type, true);
  }

  static SourceField optional(String name, Type type) {
    return new SourceField(name, type, false);
  }

  /** The typed value from the field's text: null when absent or not of the type. */
  Column typed() {
    return type.sparkType.equals(DataTypes.StringType)
        ? text()
        : expr("try_cast(`" + name + "` as " + type.sparkType.sql() + ")");
  }

  /**
   * Why a line's value of this field cannot land (null when it can), or null for a field any value
   * of passes. {@code now} is the column with the run's start.
   */
  Column fault(Column now) {
    Column typed = typed();
    Column present = text().isNotNull().and(trim(text()).notEqual(lit("")));
    Column missing = required ? when(present.unary_$bang(), lit("missing " + name)) : null;
    Column wrong =
        switch (type) {
          case TEXT -> null;
          case EMAIL ->
              when(
                  present.and(trim(typed).rlike(EMAIL_PATTERN).unary_$bang()),
                  isNot("an e-mail address"));
          case INSTANT ->
              when(present.and(typed.isNull()), isNot("a whole number of epoch milliseconds"))
                  .when(
                      typed.lt(0).or(timestamp_millis(typed).gt(now.plus(expr(FUTURE_TOLERANCE)))),
                      lit(name + " is out of range (before 1970 or over a day after the run)"));
          case INT -> when(present.and(typed.isNull()), isNot("a 32-bit whole number"));
          case NUMBER ->
              when(present.and(typed.isNull()), isNot("a number"))
                  .when(
                      isnan(typed).or(abs(typed).equalTo(lit(Double.POSITIVE_INFINITY))),
                      isNot("a finite number"));
        };
    if (missing == null) {
      return wrong;
    }
    return wrong == null ? missing : coalesce(missing, wrong);
  }

  private Column text() {
    return col("`" + name + "`");
  }

  private Column isNot(String what) {
    return lit(name + " is not " + what);
  }
}
