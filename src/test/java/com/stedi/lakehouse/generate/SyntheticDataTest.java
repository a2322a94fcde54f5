package com.stedi.lakehouse.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
    SyntheticData.Options options = new SyntheticData.Options(50, 1_000, 7);
    SyntheticData.write(dir.resolve("a"), options);
    SyntheticData.write(dir.resolve("b"), options);
    SyntheticData.write(dir.resolve("c"), new SyntheticData.Options(50, 1_000, 8));

    assertThat(content(dir.resolve("a"))).isEqualTo(content(dir.resolve("b")));
    assertThat(content(dir.resolve("a"))).isNotEqualTo(content(dir.resolve("c")));
  }

  @Test
  void writesTheRequestedCountsWithTheRealDataQuirks() throws IOException {
    SyntheticData.Summary summary =
        SyntheticData.write(dir, new SyntheticData.Options(200, 5_000, 42));

    List<JsonNode> customers = lines(dir.resolve("customer/landing"));
    List<JsonNode> readings = lines(dir.resolve("accelerometer/landing"));
    assertThat(summary.customers()).isEqualTo(200);
    assertThat(customers).hasSize(summary.customerRecords());
    assertThat(readings).hasSize(5_000);
    assertThat(lines(dir.resolve("step_trainer/landing"))).hasSize((int) summary.stepTrainer());

    long withoutConsent =
        customers.stream().filter(c -> !c.hasNonNull("shareWithResearchAsOfDate")).count();
    assertThat(withoutConsent).isBetween(60L, 140L);
    assertThat(customers).anyMatch(c -> !c.has("shareWithPublicAsOfDate"));
    assertThat(customers)
        .anyMatch(
            c -> c.has("shareWithFriendsAsOfDate") && c.get("shareWithFriendsAsOfDate").isNull());
    assertThat(customers.size()).as("some customers send a later record").isGreaterThan(200);

    Map<Long, Set<String>> usersByInstant = new HashMap<>();
    Map<String, Integer> readingsPerUserInstant = new HashMap<>();
    for (JsonNode r : readings) {
      long instant = r.get("timestamp").asLong();
      String user = r.get("user").asText();
      usersByInstant.computeIfAbsent(instant, k -> new HashSet<>()).add(user);
      readingsPerUserInstant.merge(user + "@" + instant, 1, Integer::sum);
    }
    assertThat(usersByInstant.values())
        .as("instants shared by customers")
        .anyMatch(users -> users.size() > 1);
    assertThat(readingsPerUserInstant.values())
        .as("several readings of one user at one instant")
        .anyMatch(n -> n > 1);
  }

  @Test
  void aLaterDeliveryGoesToTheSameCustomersWithLaterReadings() throws IOException {
    SyntheticData.write(dir, new SyntheticData.Options(500, 2_000, 3));
    SyntheticData.Summary later =
        SyntheticData.write(dir, new SyntheticData.Options(500, 300, 3, 10));

    List<JsonNode> all = lines(dir.resolve("customer/landing"));
    Set<String> firstEmails = new HashSet<>();
    all.subList(0, all.size() - later.customerRecords())
        .forEach(c -> firstEmails.add(c.get("email").asText()));
    List<JsonNode> newer = all.subList(all.size() - later.customerRecords(), all.size());
    assertThat(later.customerRecords()).isBetween(1, 15);
    assertThat(newer).allMatch(c -> firstEmails.contains(c.get("email").asText()));
    assertThat(Files.exists(dir.resolve("accelerometer/landing/accelerometer-day010-0001.json")))
        .isTrue();
    long firstLatest =
        Files.readAllLines(dir.resolve("accelerometer/landing/accelerometer-0001.json")).stream()
            .mapToLong(l -> readTree(l).get("timestamp").asLong())
            .max()
            .orElseThrow();
    assertThat(
            Files.readAllLines(dir.resolve("accelerometer/landing/accelerometer-day010-0001.json")))
        .hasSize(300)
        .allMatch(l -> readTree(l).get("timestamp").asLong() > firstLatest);
  }

  private static JsonNode readTree(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<JsonNode> lines(Path folder) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder).sorted()) {
      for (Path file : files.toList()) {
        for (String line : Files.readAllLines(file)) {
          nodes.add(JSON.readTree(line));
        }
      }
    }
    return nodes;
  }

  private static String content(Path root) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(root).filter(Files::isRegularFile).sorted()) {
      for (Path file : files.toList()) {
        all.append(root.relativize(file)).append('\n').append(Files.readString(file));
      }
    }
    return all.toString();
  }
}
