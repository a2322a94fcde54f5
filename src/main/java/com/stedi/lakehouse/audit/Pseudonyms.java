package com.stedi.lakehouse.audit;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.iceberg.HasTableOperations;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Names the rows an audit finding is about without their personal data: audit messages go to
 * stderr, cron logs, CloudWatch and {@code ops.runs.error}, and stay there long after a customer
 * withdrew. A text value becomes a stable pseudonym, {@code customer#3fa2c1d9} for an e-mail,
 * {@code device#…} for a serial number, {@code value#…} for other text: the first 8 hex digits of
 * its HMAC-SHA256. Numbers and times are left out (a reading is personal data too).
 *
 * <p>The key is per lakehouse: the UUID Iceberg gave {@code ops.runs} when the lakehouse was
 * created (random, kept in the table's metadata, never printed). So a pseudonym is the same in
 * every run and message of one lakehouse, and whoever reads only the logs cannot tell whose it is
 * by hashing e-mails they know; whoever can read the warehouse's metadata can, but can read the
 * rows too.
 *
 * <p>One customer has one pseudonym everywhere: in audit failures, in erasure receipts, and in
 * messages of any other failure, whose e-mails {@link #withoutEmails} replaces.
 */
public final class Pseudonyms {
  private static final String ALGORITHM = "HmacSHA256";
  private static final int HEX_DIGITS = 8;

  /** Anything shaped like an e-mail address, in any script, e.g. in a quoted row value. */
  private static final Pattern EMAIL = Pattern.compile("(?U)[\\w.%+-]+@[\\w-]+(?:\\.[\\w-]+)+");

  /** What stands for an e-mail when the lakehouse's key cannot be read. */
  static final String HIDDEN = "customer#hidden";

  private final byte[] key;

  Pseudonyms(String key) {
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  /** Pseudonyms keyed for the lakehouse the session's catalog holds. */
  public static Pseudonyms of(SparkSession spark) {
    return new Pseudonyms(
        ((HasTableOperations) IcebergTables.load(spark, LakehouseTable.OPS_RUNS))
            .operations()
            .current()
            .uuid());
  }

  /** The pseudonym of a text value of a column, e.g. {@code customer#3fa2c1d9}. */
  String of(String column, String value) {
    String name = column.toLowerCase(Locale.ROOT);
    if (name.contains("email")) {
      return customer(value);
    }
    return (name.contains("serial") ? "device" : "value") + "#" + hash(value);
  }

  /**
   * A customer's pseudonym, e.g. {@code customer#3fa2c1d9}: of the e-mail as the zone rules compare
   * it (trimmed, lower case), so every spelling of it names the one customer.
   */
  public String customer(String email) {
    return "customer#" + hash(email.strip().toLowerCase(Locale.ROOT));
  }

  /**
   * The text with every e-mail in it replaced by its customer's pseudonym: for messages of any
   * exception, which may quote row values (a cast error, a failed task), before they reach stderr
   * or a run record. The key is read only when the text holds an e-mail; when it cannot be read (no
   * lakehouse yet, or the catalog is what failed) each e-mail becomes {@value #HIDDEN}.
   *
   * @param spark the session of the lakehouse the text is about, or null when none was opened
   */
  public static String withoutEmails(SparkSession spark, String text) {
    if (text == null || !EMAIL.matcher(text).find()) {
      return text;
    }
    Pseudonyms pseudonyms;
    try {
      pseudonyms = spark == null ? null : of(spark);
    } catch (RuntimeException e) {
      pseudonyms = null; // the message must still go out, and without the e-mail
    }
    Pseudonyms keyed = pseudonyms;
    return EMAIL
        .matcher(text)
        .replaceAll(
            m -> Matcher.quoteReplacement(keyed == null ? HIDDEN : keyed.customer(m.group())));
  }

  /**
   * The pseudonyms of a row's text columns, e.g. {@code user_email=customer#3fa2c1d9}; empty when
   * it has none.
   */
  String describe(Row row) {
    Set<String> names = new LinkedHashSet<>();
    StructField[] fields = row.schema().fields();
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].dataType().equals(DataTypes.StringType)) {
        String value = row.getString(i);
        names.add(fields[i].name() + "=" + (value == null ? "null" : of(fields[i].name(), value)));
      }
    }
    return String.join(", ", names);
  }

  private String hash(String value) {
    try {
      // A Mac per value, as a Mac is not thread-safe; a finding names only a few values.
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot name an audit finding: " + ALGORITHM, e);
    }
  }
}
