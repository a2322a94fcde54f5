package com.stedi.lakehouse.sql;

import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL text kept in resources ({@code sql/}, {@code ddl/}): loading, identifier substitution and
 * splitting into statements.
 *
 * <p>A resource of {@code sql/} names a table by a placeholder of its name without prefix, {@code
 * ${trusted.customer}}, which {@link #load(String, Namespaces)} fills with the open catalog's name;
 * other placeholders ({@code ${target}}) are filled by {@link #render}.
 *
 * <p>Only identifiers are substituted into SQL text, never values typed by hand: a substituted
 * value must be a comma-separated list of identifiers, of SQL fragments built from identifiers by
 * this project's own code, or of literals that Spark itself rendered ({@code Literal.sql()}, which
 * escapes quotes and backslashes).
 */
public final class SqlScript {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");
  private static final Pattern TABLE = Pattern.compile("\\$\\{([a-z_]+\\.[a-z_]+)}");

  private SqlScript() {}

  /** Reads a classpath resource as UTF-8 text, as written. */
  public static String load(String resource) {
    try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Cannot load SQL: resource " + resource + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load SQL resource " + resource, e);
    }
  }

  /**
   * Reads a classpath resource with every table placeholder ({@code ${trusted.customer}}) replaced
   * by the table's name in these namespaces; the rest of the text, quoted strings and comments
   * included, stays as written.
   */
  public static String load(String resource, Namespaces namespaces) {
    Matcher m = TABLE.matcher(load(resource));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      LakehouseTable table = LakehouseTable.bySqlName(m.group(1));
      if (table == null) {
        throw new IllegalStateException(
            "Cannot load SQL: resource "
                + resource
                + " has placeholder "
                + m.group()
                + ", which is no table of the lakehouse; name one as ddl/ does");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(namespaces.name(table)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Replaces every {@code ${name}} by its value; an unknown placeholder is an error. */
  public static String render(String template, Map<String, String> identifiers) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = identifiers.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("Cannot render SQL: no value for ${" + m.group(1) + "}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Splits a script on semicolons outside quotes, dropping {@code --} comments and blanks. */
  public static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inQuote = false;
    for (int i = 0; i < script.length(); i++) {
      char c = script.charAt(i);
      if (!inQuote && c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
        while (i < script.length() && script.charAt(i) != '\n') {
          i++;
        }
        current.append('\n');
      } else if (!inQuote && c == ';') {
        addIfNotBlank(statements, current);
        current.setLength(0);
      } else {
        if (c == '\'') {
          inQuote = !inQuote;
        }
        current.append(c);
      }
    }
    addIfNotBlank(statements, current);
    return statements;
  }

  private static void addIfNotBlank(List<String> statements, StringBuilder statement) {
    String text = statement.toString().strip();
    if (!text.isEmpty()) {
      statements.add(text);
    }
  }
}
