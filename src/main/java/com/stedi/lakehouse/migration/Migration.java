package com.stedi.lakehouse.migration;

import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.config.SetupException;
import com.stedi.lakehouse.sql.SqlScript;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned schema change: {@code migrations/V<NNN>__<description>.sql}, Spark SQL on the
 * Iceberg tables, with the tables named as in {@code ddl/} ({@code trusted.customer}).
 *
 * @param version the NNN of the file name
 * @param description the description of the file name, underscores as spaces
 * @param script the file name
 * @param text the file content, line endings as LF: what the checksum covers
 */
public record Migration(int version, String description, String script, String text) {
  static final String EXPECTED_NAME = "V<NNN>__<description>.sql, e.g. V003__add_step_count.sql";
  private static final Pattern NAME =
      Pattern.compile("V(\\d{3,})__([a-z0-9]+(?:_[a-z0-9]+)*)\\.sql");

  /** Reads a migration file; a name not of the expected shape is refused. */
  static Migration of(String fileName, String content) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      throw new SetupException(
          "Cannot use migration "
              + fileName
              + ": the name must be "
              + EXPECTED_NAME
              + " (lower-case words joined by _)");
    }
    return new Migration(
        Integer.parseInt(m.group(1)),
        m.group(2).replace('_', ' '),
        fileName,
        content.replace("\r\n", "\n"));
  }

  /** {@code V002}: how messages and {@code stedi migrate --to} name the version. */
  public String label() {
    return label(version);
  }

  static String label(int version) {
    return String.format(Locale.ROOT, "V%03d", version);
  }

  /** SHA-256 of the text, hex: an applied migration must keep it. */
  public String checksum() {
    return sha256(text);
  }

  /** The statements as written, naming tables as {@code ddl/} does ({@code trusted.customer}). */
  public List<String> statements() {
    return SqlScript.statements(text);
  }

  /** The statements as they run in a catalog of these namespaces ({@link Namespaces#qualify}). */
  public List<String> statements(Namespaces namespaces) {
    return statements().stream().map(namespaces::qualify).toList();
  }

  /** SHA-256 of the first {@code count} statements as written: what a resumed attempt keeps. */
  String checksumOfFirst(int count) {
    return sha256(String.join(";\n", SqlScript.statements(text).subList(0, count)));
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
