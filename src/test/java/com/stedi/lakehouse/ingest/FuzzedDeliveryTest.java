package com.stedi.lakehouse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.StediCli;
import com.stedi.lakehouse.audit.PublishAudit;
import com.stedi.lakehouse.config.RunPolicy;
import com.stedi.lakehouse.generate.SyntheticData;
import com.stedi.lakehouse.ops.RunSummary;
import com.stedi.lakehouse.ops.TableChange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Generated deliveries with faults put into their lines (fields dropped, types changed, lines cut,
 * bytes inserted), one seed per night: no run fails on a line's fault, every line read either lands
 * or is quarantined, and the published tables pass every audit.
 */
class FuzzedDeliveryTest extends LakehouseTestBase {
  private static final long SEED = 20261123L;
  private static final int NIGHTS = 4;
  private static final double FAULTY_SHARE = 0.15;
  private static final Pattern FIELD =
      Pattern.compile("\"(\\w+)\":(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}]*)");

  @Test
  void faultyLinesAreQuarantinedAndEveryOtherLineLands() throws IOException {
    long rejectedInAll = 0;
    for (int night = 0; night < NIGHTS; night++) {
      Random random = new Random(SEED * 31 + night);
      Path generated = tempDir.resolve("generated-" + night);
      SyntheticData.write(generated, new SyntheticData.Options(40, 300, SEED, night));
      Map<String, Long> lines = deliverWithFaults(generated, random);

      RunSummary summary = run(RunPolicy.defaults());

      Map<String, Long> rejected = rejectedByTable(summary.runId());
      for (String kind : List.of("customer", "accelerometer", "step_trainer")) {
        String table = "landing." + kind;
        TableChange landed = change(summary, table);
        long expected = lines.getOrDefault(kind, 0L);
        assertThat(landed.rowsRead()).as("lines read, " + table).isEqualTo(expected);
        assertThat(landed.inserted() + rejected.getOrDefault(table, 0L))
            .as("landed and quarantined, " + table + ", night " + night)
            .isEqualTo(expected);
        rejectedInAll += rejected.getOrDefault(table, 0L);
      }
      new PublishAudit(spark, 1, 0).check(summary.runId());
    }
    assertThat(rejectedInAll).isPositive();
    assertThat(count("trusted.accelerometer")).isPositive();
  }

  @Test
  void valuesNoRowCanHoldAreQuarantinedAndNeverBlockALaterNight() {
    String outOfRange = " is out of range (before 1970 or over a day after the run)";
    deliver(
        "customer",
        "c1.json",
        customer("ann@test.com", "s-ann", 1_000, true),
        customer("bob@test.com", "s-bob", 1_000, true),
        customer("cy@test.com", "s-cy", 1_000, true, "registrationDate", 10_000_000_000_000_000L),
        customer("dee@test.com", "s-dee", 1_000, true, "shareWithPublicAsOfDate", Long.MAX_VALUE));
    deliver(
        "accelerometer",
        "a.json",
        accelerometer("ann@test.com", 2_000, 1, 2, 3),
        reading("10000000000000000", "1"),
        reading("9223372036854775807", "1"),
        reading("99999999999999999999", "1"),
        reading("-99999999999999999999", "1"),
        reading("1.6E12", "1"),
        reading("1.5", "1"),
        reading("\"2000.0\"", "1"),
        reading("-1", "1"),
        // Unquoted, JSON's reader hands these over as text no cast takes.
        reading("2000", "NaN"),
        reading("2000", "Infinity"),
        reading("2000", "-Infinity"),
        reading("2000", "1e400"),
        reading("2000", "\"1e400\""));
    deliver(
        "step_trainer",
        "s.json",
        stepTrainer("s-ann", 2_000, 250),
        trainer("2000", "3000000000"),
        trainer("2000", "1e3"),
        trainer("10000000000000000", "1"));

    assertThat(
            new StediCli()
                .run("run", "--warehouse", warehouse.toString(), "--source", source.toString()))
        .isZero();

    assertThat(
            rows(
                "select source_file, line_number, reason from landing.rejects"
                    + " order by source_file, line_number"))
        .containsExactly(
            row("accelerometer/landing/a.json", 2L, "timestamp" + outOfRange),
            row("accelerometer/landing/a.json", 3L, "timestamp" + outOfRange),
            row("accelerometer/landing/a.json", 4L, "timestamp" + outOfRange),
            row("accelerometer/landing/a.json", 5L, "timestamp" + outOfRange),
            row(
                "accelerometer/landing/a.json",
                6L,
                "timestamp is not a whole number of epoch milliseconds"),
            row(
                "accelerometer/landing/a.json",
                7L,
                "timestamp is not a whole number of epoch milliseconds"),
            row(
                "accelerometer/landing/a.json",
                8L,
                "timestamp is not a whole number of epoch milliseconds"),
            row("accelerometer/landing/a.json", 9L, "timestamp" + outOfRange),
            row("accelerometer/landing/a.json", 10L, "x is not a number"),
            row("accelerometer/landing/a.json", 11L, "x is not a number"),
            row("accelerometer/landing/a.json", 12L, "x is not a number"),
            row("accelerometer/landing/a.json", 13L, "x is not a number"),
            row("accelerometer/landing/a.json", 14L, "x is not a finite number"),
            row("customer/landing/c1.json", 3L, "registrationDate" + outOfRange),
            row("customer/landing/c1.json", 4L, "shareWithPublicAsOfDate" + outOfRange),
            row(
                "step_trainer/landing/s.json",
                2L,
                "distanceFromObject is not a 32-bit whole number"),
            row(
                "step_trainer/landing/s.json",
                3L,
                "distanceFromObject is not a 32-bit whole number"),
            row("step_trainer/landing/s.json", 4L, "sensorReadingTime" + outOfRange));
    assertThat(rows("select user_email, reading_time, x from landing.accelerometer"))
        .containsExactly(row("ann@test.com", 2_000L, 1.0));
    assertThat(rows("select serial_number, distance_from_object from landing.step_trainer"))
        .containsExactly(row("s-ann", 250));

    // The faulty files stay in the source; a withdrawal delivered the next night is published.
    deliver("customer", "c2.json", customer("ann@test.com", "s-ann", 3_000, false));
    run();

    assertThat(rows("select email from trusted.customer")).containsExactly(row("bob@test.com"));
  }

  /** An accelerometer line with the timestamp and x written as given, unquoted unless quoted. */
  private static String reading(String timestamp, String x) {
    return "{\"user\": \"ann@test.com\", \"timestamp\": "
        + timestamp
        + ", \"x\": "
        + x
        + ", \"y\": 1, \"z\": 1}";
  }

  private static String trainer(String time, String distance) {
    return "{\"sensorReadingTime\": "
        + time
        + ", \"serialNumber\": \"s-ann\", \"distanceFromObject\": "
        + distance
        + "}";
  }

  /** Copies the generated files into the source, faults put in; returns lines per kind. */
  private Map<String, Long> deliverWithFaults(Path generated, Random random) throws IOException {
    Map<String, Long> lines = new HashMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(generated)) {
      files = walk.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      String kind = file.getParent().getParent().getFileName().toString();
      byte[] faulty = withFaults(Files.readAllLines(file, StandardCharsets.UTF_8), random);
      Path target = source.resolve(generated.relativize(file));
      Files.createDirectories(target.getParent());
      Files.write(target, faulty);
      lines.merge(kind, nonBlankLines(faulty), Long::sum);
    }
    return lines;
  }

  private static byte[] withFaults(List<String> lines, Random random) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String line : lines) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      if (random.nextDouble() < FAULTY_SHARE) {
        bytes = fault(line, random);
      }
      out.write(bytes);
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static byte[] fault(String line, Random random) {
    int[] field = pick(line, random);
    switch (random.nextInt(5)) {
      case 0: // drop a field
        return (line.substring(0, field[0])
                + line.substring(Math.min(line.length() - 1, field[1] + 1)))
            .getBytes(StandardCharsets.UTF_8);
      case 1: // a text where a number was, or a number where a text was
        String value = line.substring(field[2], field[1]);
        String other = value.startsWith("\"") ? "12345" : "\"abc\"";
        return (line.substring(0, field[2]) + other + line.substring(field[1]))
            .getBytes(StandardCharsets.UTF_8);
      case 2: // cut the line
        return line.substring(0, random.nextInt(line.length())).getBytes(StandardCharsets.UTF_8);
      case 3: // bytes put in anywhere: invalid UTF-8, quotes, line breaks
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        int at = random.nextInt(bytes.length);
        byte[] inserted = new byte[1 + random.nextInt(3)];
        random.nextBytes(inserted);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.write(inserted, 0, inserted.length);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
      default: // an explicit null
        return (line.substring(0, field[2]) + "null" + line.substring(field[1]))
            .getBytes(StandardCharsets.UTF_8);
    }
  }

  /** A random field of a JSON line: {start of the pair, end of the pair, start of the value}. */
  private static int[] pick(String line, Random random) {
    List<int[]> fields = new ArrayList<>();
    Matcher m = FIELD.matcher(line);
    while (m.find()) {
      fields.add(new int[] {m.start(), m.end(), m.start(2)});
    }
    return fields.get(random.nextInt(fields.size()));
  }

  /** Lines as a run counts them: split at \n, a trailing \r dropped, blank ones skipped. */
  private static long nonBlankLines(byte[] content) {
    long count = 0;
    int start = 0;
    for (int i = 0; i <= content.length; i++) {
      if (i == content.length || content[i] == '\n') {
        int end = i > start && content[i - 1] == '\r' ? i - 1 : i;
        if (!new String(content, start, end - start, StandardCharsets.UTF_8).isBlank()) {
          count++;
        }
        start = i + 1;
      }
    }
    return count;
  }

  private static TableChange change(RunSummary summary, String table) {
    return summary.tables().stream()
        .filter(t -> t.table().logicalName().equals(table))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, Long> rejectedByTable(String runId) {
    Map<String, Long> counts = new HashMap<>();
    rows(
            "select landing_table, count(*) from landing.rejects where run_id = '%s' group by 1",
            runId)
        .forEach(r -> counts.put((String) r.get(0), (Long) r.get(1)));
    return counts;
  }
}
