package com.stedi.lakehouse.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.iceberg.io.FileIO;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The lines of one kind's files, checked: lineage, the reason a line cannot land (null when it
 * can), and either its raw text (a rejected line, for {@code landing.rejects}) or its typed fields
 * (a good line, in a struct named {@link #fieldsColumn}), never both: a good line's text is dropped
 * as soon as it is parsed. The columns of every kind line up, so a night's kinds make one Dataset.
 *
 * <p>A {@linkplain PlainRecord plain} line comes typed from the task that reads it and skips the
 * checks here; they read every other line.
 */
final class CheckedLines {
  static final String LANDING_TABLE = "landing_table";
  static final String RAW_LINE = "raw_line";
  static final String REASON = "reason";
  private static final String PLAIN = "plain";

  private CheckedLines() {}

  /** The column holding the typed fields of a good line of {@code kind}, null on other rows. */
  static String fieldsColumn(SourceKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads and checks the files (with their checksums) of one kind.
   *
   * @param now the run's start, the latest a date may be (plus a tolerance)
   * @param plainFirst true (as a run reads) to type {@linkplain PlainRecord plain} lines as they
   *     are read; false to check every line in Spark, plain or not: the same rows, at more cost
   */
  static Dataset<Row> read(
      SparkSession spark,
      FileIO io,
      SourceKind kind,
      Map<SourceFile, String> files,
      int maxLineBytes,
      Instant now,
      boolean plainFirst) {
    Dataset<Row> lines =
        plainFirst
            ? SourceLines.read(spark, io, files, maxLineBytes, new PlainRecord(kind, now))
            : SourceLines.read(spark, io, files, maxLineBytes, null)
                .withColumn(PLAIN, lit(null).cast(fieldsSchema(kind)));
    Dataset<Row> parsed =
        lines
            .select(
                col("*"),
                from_json(
                        col("line"),
                        kind.readSchema(),
                        Map.of(
                            "mode",
                            "PERMISSIVE",
                            "columnNameOfCorruptRecord",
                            SourceKind.CORRUPT_RECORD))
                    .as("json"))
            .select(col("*"), col("json.*"));
    // Two selects: the cast and the shape read the trimmed text of the first.
    parsed = withColumns(parsed, kind, SourceField::trimmedText);
    parsed = withColumns(parsed, kind, SourceField::castAndShape);
    Column good = col(REASON).isNull();
    Column fields =
        when(col(PLAIN).isNotNull(), col(PLAIN))
            .when(
                good,
                struct(
                    kind.fields().stream()
                        .map(f -> f.typed().as(f.name()))
                        .toArray(Column[]::new)));
    return parsed
        .select(col("*"), when(col(PLAIN).isNull(), reason(kind, maxLineBytes, now)).as(REASON))
        .select(
            lit(kind.landingTable().logicalName()).as(LANDING_TABLE),
            col("source_file"),
            col("source_checksum"),
            col("line_number"),
            when(good.unary_$bang(), col("line")).as(RAW_LINE),
            col(REASON),
            fields.as(fieldsColumn(kind)));
  }

  /** The struct of {@link #fieldsColumn}: each field, typed. */
  static StructType fieldsSchema(SourceKind kind) {
    StructType schema = new StructType();
    for (SourceField field : kind.fields()) {
      schema = schema.add(field.name(), field.sparkType(), true);
    }
    return schema;
  }

  /** The first fault of a line, in the order the README lists them, or null. */
  private static Column reason(SourceKind kind, int maxLineBytes, Instant now) {
    List<Column> reasons = new ArrayList<>();
    reasons.add(when(col("line").isNull(), lit("line is longer than " + maxLineBytes + " bytes")));
    reasons.add(when(col("valid_utf8").unary_$bang(), lit("invalid UTF-8")));
    reasons.add(
        when(
            col("json").isNull().or(col(SourceKind.CORRUPT_RECORD).isNotNull()),
            lit("not a JSON object")));
    kind.fields().stream().map(f -> f.fault(now)).filter(Objects::nonNull).forEach(reasons::add);
    return coalesce(reasons.toArray(Column[]::new));
  }

  /** The rows with the columns each field derives, as {@code derive} says. */
  private static Dataset<Row> withColumns(
      Dataset<Row> rows, SourceKind kind, Function<SourceField, List<Column>> derive) {
    List<Column> columns = new ArrayList<>(List.of(col("*")));
    kind.fields().forEach(f -> columns.addAll(derive.apply(f)));
    return rows.select(columns.toArray(Column[]::new));
  }
}
