package com.stedi.lakehouse.erasure;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;

import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.config.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One customer whose erasure is checked, as landing knows them: the e-mail as the zone rules
 * compare it (trimmed, lower case), the Step Trainers they own (serial numbers of their customer
 * records) and their accelerometer readings, which link their step trainer and machine_learning
 * rows. Named in output only by pseudonym ({@link com.stedi.lakehouse.audit.Pseudonyms#customer}).
 *
 * @param email the e-mail, trimmed and in lower case
 * @param serials serial numbers of the subject's customer records
 * @param sharedSerials those of them that another customer's records also name
 * @param readings the subject's accelerometer readings: reading_time, x, y, z
 * @param consentInForce true when the latest customer record consents to research (of records tied
 *     on last_update_date, a withdrawal wins)
 */
public record Subject(
    String email,
    Set<String> serials,
    Set<String> sharedSerials,
    List<Row> readings,
    boolean consentInForce,
    boolean deviceSharedWithConsenting) {

  /** Looks the subject up in landing.customer and landing.accelerometer on main. */
  static Subject find(SparkSession spark, String email) {
    String key = normalize(email);
    if (key.isEmpty()) {
      // An empty e-mail would match every text that ops and landing.rejects hold.
      throw new UsageException(
          "Cannot check an erasure: the e-mail is empty; give the customer's e-mail");
    }
    List<Row> records =
        spark
            .table(Namespaces.of(spark).name(LakehouseTable.LANDING_CUSTOMER))
            .where(emailIs("email", key))
            .select("serial_number", "last_update_date", "share_with_research_as_of_date")
            .collectAsList();
    Set<String> serials = new TreeSet<>();
    records.stream().filter(r -> !r.isNullAt(0)).forEach(r -> serials.add(r.getString(0)));
    Set<String> shared = new TreeSet<>();
    Map<String, List<Row>> others = new TreeMap<>();
    if (!serials.isEmpty()) {
      spark
          .table(Namespaces.of(spark).name(LakehouseTable.LANDING_CUSTOMER))
          .where(col("serial_number").isin(serials.toArray()).and(not(emailIs("email", key))))
          .select(
              col("serial_number"),
              col("last_update_date"),
              col("share_with_research_as_of_date"),
              lower(trim(col("email"))))
          .collectAsList()
          .forEach(
              r -> {
                shared.add(r.getString(0));
                others.computeIfAbsent(String.valueOf(r.get(3)), e -> new ArrayList<>()).add(r);
              });
    }
    List<Row> readings =
        spark
            .table(Namespaces.of(spark).name(LakehouseTable.LANDING_ACCELEROMETER))
            .where(emailIs("user_email", key))
            .select("reading_time", "x", "y", "z")
            .distinct()
            .collectAsList();
    return new Subject(
        key,
        serials,
        shared,
        new ArrayList<>(readings),
        consents(records),
        others.values().stream().anyMatch(Subject::consents));
  }

  /** The e-mail as the zone rules compare it. */
  public static String normalize(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  /** A column true where {@code column} holds the e-mail as the zone rules compare it. */
  static Column emailIs(String column, String key) {
    return lower(trim(col(column))).equalTo(lit(key));
  }

  /** The step trainer serials whose every reading is the subject's: devices nobody else owns. */
  Set<String> ownSerials() {
    Set<String> own = new TreeSet<>(serials);
    own.removeAll(sharedSerials);
    return own;
  }

  /**
   * The subject's reading instants: on a shared device, the step trainer readings that are theirs.
   */
  Object[] readingTimes() {
    return readings.stream().map(r -> r.get(0)).distinct().toArray();
  }

  private static boolean consents(List<Row> records) {
    Long latest = null;
    for (Row r : records) {
      if (!r.isNullAt(1) && (latest == null || r.getLong(1) > latest)) {
        latest = r.getLong(1);
      }
    }
    if (records.isEmpty()) {
      return false;
    }
    boolean consent = true;
    for (Row r : records) {
      boolean isLatest = latest == null ? r.isNullAt(1) : !r.isNullAt(1) && r.getLong(1) == latest;
      if (isLatest && r.isNullAt(2)) {
        consent = false; // the most restrictive of tied records wins
      }
    }
    return consent;
  }
}
