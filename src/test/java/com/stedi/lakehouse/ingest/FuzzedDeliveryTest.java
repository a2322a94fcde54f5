package com.stedi.lakehouse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.audit.PublishAudit;
import com.stedi.lakehouse.config.RunPolicy;
import com.stedi.lakehouse.generate.SyntheticData;
import com.stedi.lakehouse.ops.NightlyRun;
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
      new PublishAudit(spark, NightlyRun.stageKeys(), NightlyRun.stageDayColumns(), 1, 0)
          .check(summary.runId());
    }
    assertThat(rejectedInAll).isPositive();
    assertThat(count("trusted.accelerometer")).isPositive();
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
