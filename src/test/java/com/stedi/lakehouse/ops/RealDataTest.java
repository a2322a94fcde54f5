package com.stedi.lakehouse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stedi.lakehouse.LakehouseTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on the real STEDI starter data, checked against an independent computation of the
 * zone rules written here in plain Java.
 */
class RealDataTest extends LakehouseTestBase {
  private static final Path REAL_DATA =
      Path.of(System.getenv().getOrDefault("STEDI_REAL_DATA", "../shared/data/stedi"));
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyTableHoldsWhatTheZoneRulesGive() throws IOException {
    assumeTrue(
        Files.isDirectory(REAL_DATA),
        "real STEDI data not found at " + REAL_DATA.toAbsolutePath() + "; set STEDI_REAL_DATA");

    runOver(REAL_DATA.toString(), com.stedi.lakehouse.config.RunPolicy.defaults());

    assertThat(LakehouseReport.counts(spark)).containsExactlyEntriesOf(expectedCounts());
    // Each device is in one ML set; the sets hold about 80%, 10% and 10% of the 482 devices.
    assertThat(
            rows(
                "select split, count(distinct serial_number), count(*) from"
                    + " curated.machine_learning group by split order by 1"))
        .containsExactly(
            row("test", 52L, 4433L), row("train", 385L, 32720L), row("validation", 45L, 3828L));
    assertThat(
            rows(
                "select count(*) from (select serial_number from curated.machine_learning"
                    + " group by serial_number having count(distinct split) > 1)"))
        .containsExactly(row(0L));
  }

  private static Map<String, Long> expectedCounts() throws IOException {
    List<JsonNode> customers = read("customer");
    List<JsonNode> accelerometer = read("accelerometer");
    List<JsonNode> stepTrainer = read("step_trainer");

    Map<String, JsonNode> latest = new HashMap<>();
    for (JsonNode c : customers) {
      String email = c.path("email").asText("").trim().toLowerCase(Locale.ROOT);
      JsonNode seen = latest.get(email);
      if (!email.isEmpty()
          && (seen == null
              || c.path("lastUpdateDate").asLong() > seen.path("lastUpdateDate").asLong())) {
        latest.put(email, c);
      }
    }
    Map<String, String> serialByTrustedEmail = new HashMap<>();
    latest.forEach(
        (email, c) -> {
          if (c.hasNonNull("shareWithResearchAsOfDate")) {
            serialByTrustedEmail.put(email, c.path("serialNumber").asText());
          }
        });

    Set<List<Object>> trustedReadings = new HashSet<>();
    for (JsonNode a : accelerometer) {
      String user = a.path("user").asText().trim().toLowerCase(Locale.ROOT);
      if (serialByTrustedEmail.containsKey(user)) {
        trustedReadings.add(
            List.of(
                user,
                a.path("timestamp").asLong(),
                a.path("x").asDouble(),
                a.path("y").asDouble(),
                a.path("z").asDouble()));
      }
    }
    Map<String, String> emailByCuratedSerial = new HashMap<>();
    for (List<Object> r : trustedReadings) {
      emailByCuratedSerial.put(serialByTrustedEmail.get((String) r.get(0)), (String) r.get(0));
    }

    Set<List<Object>> trustedSteps = new HashSet<>();
    for (JsonNode s : stepTrainer) {
      String serial = s.path("serialNumber").asText();
      if (emailByCuratedSerial.containsKey(serial)) {
        trustedSteps.add(
            List.of(
                serial,
                s.path("sensorReadingTime").asLong(),
                s.path("distanceFromObject").asInt()));
      }
    }
    Map<List<Object>, List<List<Object>>> readingsByOwnerInstant = new HashMap<>();
    for (List<Object> r : trustedReadings) {
      readingsByOwnerInstant
          .computeIfAbsent(List.of(r.get(0), r.get(1)), k -> new ArrayList<>())
          .add(r);
    }
    Set<List<Object>> machineLearning = new HashSet<>();
    for (List<Object> s : trustedSteps) {
      String owner = emailByCuratedSerial.get((String) s.get(0));
      for (List<Object> r :
          readingsByOwnerInstant.getOrDefault(List.of(owner, s.get(1)), List.of())) {
        machineLearning.add(List.of(s.get(0), s.get(1), s.get(2), r.get(2), r.get(3), r.get(4)));
      }
    }

    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("landing.customer", (long) customers.size());
    expected.put("landing.accelerometer", (long) accelerometer.size());
    expected.put("landing.step_trainer", (long) stepTrainer.size());
    expected.put("landing.rejects", 0L);
    expected.put("trusted.customer", (long) serialByTrustedEmail.size());
    expected.put("trusted.accelerometer", (long) trustedReadings.size());
    expected.put("curated.customer", (long) emailByCuratedSerial.size());
    expected.put("trusted.step_trainer", (long) trustedSteps.size());
    expected.put("curated.machine_learning", (long) machineLearning.size());
    return expected;
  }

  private static List<JsonNode> read(String kind) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    try (Stream<Path> files = Files.list(REAL_DATA.resolve(kind).resolve("landing"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        for (String line : Files.readAllLines(file)) {
          if (!line.isBlank()) {
            nodes.add(JSON.readTree(line));
          }
        }
      }
    }
    return nodes;
  }
}
