package com.stedi.lakehouse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The lines read as plain records land with exactly the values, and the other lines with exactly
 * the reasons, that the checks in Spark give when they read every line.
 */
class PlainRecordTest extends LakehouseTestBase {
  private static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");
  private static final long LATEST = NOW.toEpochMilli() + SourceField.FUTURE_TOLERANCE.toMillis();

  /** Values of every shape, odd ones included, for a field of any type. */
  private static final List<String> VALUES =
      List.of(
          "0",
          "-0",
          "1",
          "-1",
          "2147483647",
          "2147483648",
          "-2147483649",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775808",
          "99999999999999999999",
          "9007199254740993",
          "1.0",
          "-0.0",
          "0.1",
          "1.5",
          "1e2",
          "1E+2",
          "1.0e-5",
          "4.9e-324",
          "1e-400",
          "1.7976931348623157e308",
          "1e309",
          "-1e400",
          "123456789012345678901234567890.5",
          "1655562038004",
          "1655562038004.0",
          String.valueOf(LATEST),
          String.valueOf(LATEST + 1),
          "\"1\"",
          "\"1.5\"",
          "\" 7 \"",
          "\"\"",
          "\"  \"",
          "\"abc\"",
          "\"NaN\"",
          "\"Infinity\"",
          "NaN",
          "Infinity",
          "-Infinity",
          "true",
          "false",
          "null",
          "[]",
          "[1]",
          "{}",
          "{\"a\":1}",
          "\"ann@test.com\"",
          "\" ann@test.com \"",
          "\"ann@test.com\\n\"",
          "\"ann@test.com\\t\"",
          "\"ann@test.com\\u2028\"",
          "\"a@b@c\"",
          "\"@b\"",
          "\"a@\"",
          "\"ann @test.com\"",
          "\"S\\u00e9rie\"",
          "\"\u00e9t\u00e9\"",
          "'single'",
          "01",
          "+1",
          ".5",
          "1.");

  @Test
  void plainLinesLandAsTheChecksReadThem() throws IOException {
    HadoopFileIO io = new HadoopFileIO(spark.sparkContext().hadoopConfiguration());
    Random random = new Random(20261126L);
    for (SourceKind kind : SourceKind.values()) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        lines.add(line(kind, random));
      }
      lines.add("{\"a\": 1} trailing");
      lines.add(lines.get(0) + " " + lines.get(0));
      lines.add(lines.get(0).replace("{", "{ \"_corrupt_record\": \"x\", "));
      lines.add("\uFEFF" + lines.get(0));
      Path file = tempDir.resolve(kind.folder()).resolve("f.json");
      Files.createDirectories(file.getParent());
      Files.write(file, lines, StandardCharsets.UTF_8);
      Map<SourceFile, String> files =
          Map.of(
              new SourceFile(
                  kind,
                  kind.folder() + "/f.json",
                  file.toUri().toString(),
                  Files.size(file),
                  Instant.EPOCH),
              "sum");

      List<Row> plainFirst = sorted(CheckedLines.read(spark, io, kind, files, 1024, NOW, true));
      List<Row> allChecked = sorted(CheckedLines.read(spark, io, kind, files, 1024, NOW, false));

      assertThat(plainFirst).as(kind.name()).hasSize(lines.size());
      assertThat(plainFirst).as(kind.name()).containsExactlyElementsOf(allChecked);
      assertThat(
              SourceLines.read(spark, io, files, 1024, new PlainRecord(kind, NOW))
                  .where("plain is not null")
                  .count())
          .as("plain lines of " + kind)
          .isGreaterThan(300);
    }
  }

  /**
   * A line of the kind: mostly plain, else some fields left out, doubled, renamed or given a value
   * of another shape.
   */
  private static String line(SourceKind kind, Random random) {
    StringBuilder line = new StringBuilder("{");
    for (SourceField field : kind.fields()) {
      int fault = random.nextInt(40);
      if (fault == 0) {
        continue;
      }
      String name = fault == 1 ? field.name().toUpperCase(Locale.ROOT) : field.name();
      String value = fault < 7 ? VALUES.get(random.nextInt(VALUES.size())) : plain(field, random);
      if (line.length() > 1) {
        line.append(random.nextBoolean() ? ", " : ",");
      }
      line.append('"').append(name).append("\": ").append(value);
      if (fault == 2) {
        line.append(", \"").append(name).append("\": ").append(plain(field, random));
      }
    }
    return line.append('}').toString();
  }

  private static String plain(SourceField field, Random random) {
    return switch (field.type()) {
      case TEXT -> "\"t" + random.nextInt(100) + "\"";
      case EMAIL -> "\"user" + random.nextInt(100) + "@test.com\"";
      case INSTANT -> String.valueOf(random.nextInt(3) == 0 ? 0 : 1_655_562_038_004L);
      case INT -> String.valueOf(random.nextInt(1000) - 10);
      case NUMBER ->
          switch (random.nextInt(4)) {
            case 0 -> String.valueOf(random.nextInt(3) - 1);
            case 1 -> String.valueOf(random.nextGaussian());
            case 2 -> String.format("%.3e", random.nextGaussian() * 1e10);
            default -> String.valueOf(random.nextInt(3) - 1) + ".0";
          };
    };
  }

  private static List<Row> sorted(Dataset<Row> rows) {
    return rows.collectAsList().stream()
        .sorted(Comparator.comparingLong(r -> r.getLong(3)))
        .toList();
  }
}
