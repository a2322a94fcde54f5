package com.stedi.lakehouse.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * One field of a source record and what a value must be to land. Every field is first read as text
 * (any JSON value, as its text), then cast here, so a wrong type is a reason to quarantine the line
 * rather than a parse failure of the whole file.
 *
 * <p>The checks read columns {@linkplain #castAndShape derived} from the text once per line (the
 * trimmed text, the cast value, whether the text has the type's shape). Why: Spark evaluates an
 * expression each time it appears, and a check that spelled them out would cast and match each
 * value several times per line.
 *
 * @param name the JSON field name, as delivered
 * @param type what the value must be
 * @param required whether a line without it (absent, null or blank) is quarantined
 */
record SourceField(String name, Type type, boolean required) {
  /** An e-mail address: one {@code @} with text around it and no whitespace. */
  static final String EMAIL_PATTERN = "^[^@\\s]+@[^@\\s]+$";

  /**
   * A whole number as text: digits, an optional minus. Spark's cast would also take {@code 1.5} (as
   * 1) and other shapes, silently.
   */
  private static final String WHOLE_NUMBER_PATTERN = "^-?[0-9]+$";

  /** How far past the run's start a reading may be dated, for clocks that run fast. */
  static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

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

  /** The first column the checks read: the field's text, trimmed. */
  List<Column> trimmedText() {
    return List.of(trim(text()).as(trimmedName()));
  }

  /**
   * The columns the checks read next, from {@link #trimmedText}: the text cast to the type, and
   * whether it has the type's shape (an e-mail address, a whole number).
   */
  List<Column> castAndShape() {
    List<Column> columns = new ArrayList<>();
    if (isCast()) {
      columns.add(
          expr("try_cast(`" + trimmedName() + "` as " + type.sparkType.sql() + ")").as(castName()));
    }
    if (type == Type.EMAIL) {
      columns.add(trimmed().rlike(EMAIL_PATTERN).as(shapedName()));
    } else if (isWholeNumberType()) {
      columns.add(trimmed().rlike(WHOLE_NUMBER_PATTERN).as(shapedName()));
    }
    return columns;
  }

  /**
   * The typed value from the field's text: null when absent, not of the type, or a whole number
   * past the type's bits. Reads the {@linkplain #castAndShape derived} columns.
   */
  Column typed() {
    if (!isCast()) {
      return text();
    }
    Column cast = col(castName());
    return isWholeNumberType() ? when(col(shapedName()), cast) : cast;
  }

  /**
   * Why a line's value of this field cannot land (null when it can), or null for a field any value
   * of passes. {@code now} is the run's start. Reads the {@linkplain #castAndShape derived}
   * columns.
   *
   * <p>Dates are compared as epoch milliseconds, never converted first: a conversion of a value far
   * out of range overflows and fails the whole run instead of quarantining its line.
   */
  Column fault(Instant now) {
    Column typed = typed();
    long latest = now.toEpochMilli() + FUTURE_TOLERANCE.toMillis();
    Column present = trimmed().isNotNull().and(trimmed().notEqual(lit("")));
    Column missing = required ? when(present.unary_$bang(), lit("missing " + name)) : null;
    Column wrong =
        switch (type) {
          case TEXT -> null;
          case EMAIL ->
              when(present.and(col(shapedName()).unary_$bang()), isNot("an e-mail address"));
          case INSTANT ->
              when(
                      present.and(col(shapedName()).unary_$bang()),
                      isNot("a whole number of epoch milliseconds"))
                  // A whole number past 64 bits is out of range too, whichever its sign.
                  .when(
                      present.and(typed.isNull().or(typed.lt(0)).or(typed.gt(latest))),
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

  /** The type of the field's {@linkplain #typed typed} value. */
  DataType sparkType() {
    return type.sparkType;
  }

  private boolean isCast() {
    return !type.sparkType.equals(DataTypes.StringType);
  }

  private boolean isWholeNumberType() {
    return type == Type.INSTANT || type == Type.INT;
  }

  private Column text() {
    return col("`" + name + "`");
  }

  private Column trimmed() {
    return col(trimmedName());
  }

  private String trimmedName() {
    return "_checked_" + name + "_trimmed";
  }

  private String castName() {
    return "_checked_" + name + "_cast";
  }

  private String shapedName() {
    return "_checked_" + name + "_shaped";
  }

  private Column isNot(String what) {
    return lit(name + " is not " + what);
  }
}
