package com.stedi.lakehouse.generate;

import com.stedi.lakehouse.config.UsageException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Deterministic synthetic STEDI data in the source layout, with the real data's quirks: optional
 * consent fields absent or null, about half the customers without research consent, some customers
 * with a later record that changes their consent, customers without readings, groups of one to
 * three accelerometer readings of one user at the same instant, and instants shared by different
 * customers. The same options and seed always give the same bytes.
 */
public final class SyntheticData {
  /** Epoch millis of the first registration: 2022-06-18, like the real data. */
  static final long START_MILLIS = 1_655_564_000_000L;

  static final int CUSTOMERS_PER_FILE = 100_000;
  static final int READINGS_PER_FILE = 500_000;
  private static final long DAY_MILLIS = 86_400_000L;
  private static final String[] FIRST =
      "Santosh Ben Sarah Frank Jo Lyn Danny Chris Jeff Liz Bobby Ed Jacob Eric Trevor Mark Spencer"
          .split(" ");
  private static final String[] LAST =
      "Clayton Khatib Lincoln Hansen Wu Li Jones Mitra Aristotle Davis Abram Huey Staples Lincoln"
          .split(" ");

  private SyntheticData() {}

  /**
   * @param customers customers to create
   * @param readings accelerometer readings to create
   * @param seed seed of the pseudo-random choices
   * @param daysLater 0 for a first delivery; D > 0 for a later delivery to the same customers (same
   *     options and seed otherwise): readings D days later, and a newer record for about one
   *     customer in a hundred, half of them changing their research consent
   */
  public record Options(int customers, long readings, long seed, int daysLater) {
    public Options {
      if (customers < 1 || readings < 0 || daysLater < 0) {
        throw new UsageException(
            "Cannot generate: customers must be at least 1, readings and days-later at least 0");
      }
    }

    public Options(int customers, long readings, long seed) {
      this(customers, readings, seed, 0);
    }
  }

  /** What was written. */
  public record Summary(
      int customers, int customerRecords, long accelerometer, long stepTrainer, int files) {}

  private record Customer(String email, String serial, long registered, boolean consents) {}

  /** Writes into {@code out}, which must not hold source files yet. */
  public static Summary write(Path out, Options options) {
    Random random = new Random(options.seed());
    try {
      String prefix =
          options.daysLater() == 0
              ? ""
              : String.format(Locale.ROOT, "day%03d-", options.daysLater());
      refuseExistingFiles(out, prefix);
      List<Customer> customers = new ArrayList<>();
      int records;
      int files;
      // A later delivery replays the first one's customers without writing them.
      try (Rolling customerFiles =
          new Rolling(out, "customer", prefix, CUSTOMERS_PER_FILE, options.daysLater() == 0)) {
        records = writeCustomers(customerFiles, customers, options.customers(), random);
        if (options.daysLater() > 0) {
          random = new Random(options.seed() * 31 + options.daysLater());
          customerFiles.start();
          records = writeLaterRecords(customerFiles, customers, options.daysLater(), random);
        }
        files = customerFiles.files();
      }
      long offset = options.daysLater() * DAY_MILLIS;
      try (Rolling accelerometer =
              new Rolling(out, "accelerometer", prefix, READINGS_PER_FILE, true);
          Rolling stepTrainer = new Rolling(out, "step_trainer", prefix, READINGS_PER_FILE, true)) {
        writeReadings(accelerometer, stepTrainer, customers, options.readings(), offset, random);
        return new Summary(
            customers.size(),
            records,
            accelerometer.lines(),
            stepTrainer.lines(),
            files + accelerometer.files() + stepTrainer.files());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot generate into " + out + ": " + e.getMessage(), e);
    }
  }

  /** Refuses to overwrite the files of an earlier generation with the same delivery name. */
  private static void refuseExistingFiles(Path out, String prefix) throws IOException {
    for (String kind : List.of("customer", "accelerometer", "step_trainer")) {
      Path folder = out.resolve(kind).resolve("landing");
      if (Files.isDirectory(folder)) {
        String ours = kind + "-" + prefix + "\\d{4}\\.json";
        try (var entries = Files.list(folder)) {
          if (entries.anyMatch(f -> f.getFileName().toString().matches(ours))) {
            throw new UsageException(
                "Cannot generate into "
                    + out
                    + ": "
                    + folder
                    + " already holds generated files"
                    + " of this delivery; choose an empty folder or another --days-later");
          }
        }
      }
    }
  }

  private static int writeCustomers(
      Rolling files, List<Customer> customers, int count, Random random) throws IOException {
    List<String> updates = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String first = FIRST[random.nextInt(FIRST.length)];
      String last = LAST[random.nextInt(LAST.length)];
      String email = first + "." + last + i + "@test.com";
      String serial = new UUID(random.nextLong(), random.nextLong()).toString();
      long registered = START_MILLIS + i * 997L + random.nextInt(500);
      boolean consents = random.nextBoolean();
      String name = first + " " + last;
      String phone = "801555" + String.format(Locale.ROOT, "%04d", random.nextInt(10_000));
      String birthDay = (1930 + random.nextInt(75)) + "-01-01";
      files.write(
          customerJson(
              name, email, phone, birthDay, serial, registered, registered, consents, random));
      customers.add(new Customer(email, serial, registered, consents));
      // A few customers send a later record: a changed phone, and half of the time the
      // opposite research consent (a withdrawal or a late grant).
      if (random.nextInt(100) < 3) {
        boolean flips = random.nextBoolean();
        boolean later = flips != consents;
        updates.add(
            customerJson(
                name,
                email,
                phone.replace("801", "385"),
                birthDay,
                serial,
                registered,
                registered + 3_600_000L,
                later,
                random));
        customers.set(customers.size() - 1, new Customer(email, serial, registered, later));
      }
    }
    for (String update : updates) {
      files.write(update);
    }
    return count + updates.size();
  }

  /** Newer records of about one customer in a hundred; half of them flip research consent. */
  private static int writeLaterRecords(
      Rolling files, List<Customer> customers, int daysLater, Random random) throws IOException {
    int written = 0;
    for (int i = 0; i < customers.size(); i++) {
      if (random.nextInt(100) == 0) {
        Customer c = customers.get(i);
        boolean consents = random.nextBoolean() != c.consents();
        String name = c.email().substring(0, c.email().indexOf('@')).replace('.', ' ');
        files.write(
            customerJson(
                name,
                c.email(),
                "3855550000",
                "1980-01-01",
                c.serial(),
                c.registered(),
                c.registered() + daysLater * DAY_MILLIS,
                consents,
                random));
        customers.set(i, new Customer(c.email(), c.serial(), c.registered(), consents));
        written++;
      }
    }
    return written;
  }

  private static String customerJson(
      String name,
      String email,
      String phone,
      String birthDay,
      String serial,
      long registered,
      long updated,
      boolean consents,
      Random random) {
    StringBuilder json = new StringBuilder(320);
    json.append("{\"customerName\":\"")
        .append(name)
        .append("\",\"email\":\"")
        .append(email)
        .append("\",\"phone\":\"")
        .append(phone)
        .append("\",\"birthDay\":\"")
        .append(birthDay)
        .append("\",\"serialNumber\":\"")
        .append(serial)
        .append("\",\"registrationDate\":")
        .append(registered)
        .append(",\"lastUpdateDate\":")
        .append(updated);
    if (consents) {
      json.append(",\"shareWithResearchAsOfDate\":").append(updated);
    } else if (random.nextInt(10) == 0) {
      json.append(",\"shareWithResearchAsOfDate\":null");
    }
    optionalDate(json, "shareWithPublicAsOfDate", updated, random);
    optionalDate(json, "shareWithFriendsAsOfDate", updated, random);
    return json.append('}').toString();
  }

  /** Present, absent or explicitly null, as in the real data. */
  private static void optionalDate(StringBuilder json, String field, long value, Random random) {
    int pick = random.nextInt(10);
    if (pick < 5) {
      json.append(",\"").append(field).append("\":").append(value);
    } else if (pick == 5) {
      json.append(",\"").append(field).append("\":null");
    }
  }

  private static void writeReadings(
      Rolling accelerometer,
      Rolling stepTrainer,
      List<Customer> customers,
      long readings,
      long offset,
      Random random)
      throws IOException {
    // About one customer in seven never uses the device.
    List<Customer> active = customers.stream().filter(c -> random.nextInt(7) != 0).toList();
    if (active.isEmpty()) {
      active = List.of(customers.get(0));
    }
    long[] clock = new long[active.size()];
    for (int i = 0; i < clock.length; i++) {
      clock[i] = active.get(i).registered() + offset + random.nextInt(7) * DAY_MILLIS;
    }
    long lastInstant = START_MILLIS + offset;
    long written = 0;
    while (written < readings) {
      int c = random.nextInt(active.size());
      Customer customer = active.get(c);
      clock[c] += 500 + random.nextInt(2_500);
      // Now and then a customer's reading falls on the instant of someone else's last one.
      long instant = random.nextInt(20) == 0 ? lastInstant : clock[c];
      int group = (int) Math.min(1 + random.nextInt(3), readings - written);
      for (int g = 0; g < group; g++) {
        accelerometer.write(accelerometerJson(customer.email(), instant, random));
      }
      written += group;
      if (random.nextInt(10) != 0) {
        stepTrainer.write(stepJson(customer.serial(), instant, random));
      }
      if (random.nextInt(20) == 0) {
        stepTrainer.write(stepJson(customer.serial(), instant + 250, random));
      }
      lastInstant = instant;
    }
  }

  private static String accelerometerJson(String user, long instant, Random random) {
    return "{\"user\":\""
        + user
        + "\",\"timestamp\":"
        + instant
        + ",\"x\":"
        + axis(random)
        + ",\"y\":"
        + axis(random)
        + ",\"z\":"
        + axis(random)
        + "}";
  }

  private static String stepJson(String serial, long instant, Random random) {
    return "{\"sensorReadingTime\":"
        + instant
        + ",\"serialNumber\":\""
        + serial
        + "\",\"distanceFromObject\":"
        + (100 + random.nextInt(200))
        + "}";
  }

  private static double axis(Random random) {
    return (random.nextInt(21) - 10) / 10.0;
  }

  /** JSON-lines files of one kind that roll over every {@code perFile} lines. */
  private static final class Rolling implements AutoCloseable {
    private final Path folder;
    private final String kind;
    private final String prefix;
    private final int perFile;
    private boolean writing;
    private BufferedWriter writer;
    private long lines;
    private int files;

    /** With {@code writing} false, lines are counted but not written, until {@link #start}. */
    Rolling(Path root, String kind, String prefix, int perFile, boolean writing)
        throws IOException {
      this.folder = Files.createDirectories(root.resolve(kind).resolve("landing"));
      this.kind = kind;
      this.prefix = prefix;
      this.perFile = perFile;
      this.writing = writing;
    }

    void start() {
      writing = true;
      lines = 0;
    }

    void write(String line) throws IOException {
      if (!writing) {
        lines++;
        return;
      }
      if (lines % perFile == 0) {
        close();
        files++;
        String name = String.format(Locale.ROOT, "%s-%s%04d.json", kind, prefix, files);
        writer = Files.newBufferedWriter(folder.resolve(name), StandardCharsets.UTF_8);
      }
      writer.write(line);
      writer.write('\n');
      lines++;
    }

    long lines() {
      return lines;
    }

    int files() {
      return files;
    }

    @Override
    public void close() throws IOException {
      if (writer != null) {
        writer.close();
        writer = null;
      }
    }
  }
}
