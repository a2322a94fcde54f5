package com.stedi.lakehouse.sql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lets a query written for Athena run unchanged in Spark SQL. Time travel needs no change: Spark
 * reads Athena's {@code FOR TIMESTAMP AS OF ...} and {@code FOR VERSION AS OF <snapshot id>}
 * itself. What differs is lexical, and translated in code only (not in strings, comments or
 * back-quoted names):
 *
 * <ul>
 *   <li>names in double quotes within a dotted name ({@code "curated"."machine_learning"}) become
 *       back-quoted;
 *   <li>Athena's metadata tables ({@code "machine_learning$snapshots"}) become Iceberg's Spark ones
 *       ({@code machine_learning.snapshots}).
 * </ul>
 *
 * Other double-quoted text is left as it is: Spark reads it as a string, and so do queries written
 * for Spark, which come out as they went in.
 */
public final class AthenaDialect {
  private static final Pattern METADATA_TABLE =
      Pattern.compile(
          "(.+)\\$(snapshots|history|files|manifests|partitions|refs)", Pattern.CASE_INSENSITIVE);

  private AthenaDialect() {}

  public static String toSpark(String query) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < query.length()) {
      char c = query.charAt(i);
      int end;
      if (c == '\'') {
        end = endOfQuoted(query, i, '\'', true);
      } else if (c == '`') {
        end = endOfQuoted(query, i, '`', false);
      } else if (query.startsWith("--", i)) {
        int newline = query.indexOf('\n', i);
        end = newline < 0 ? query.length() : newline;
      } else if (query.startsWith("/*", i)) {
        int close = query.indexOf("*/", i + 2);
        end = close < 0 ? query.length() : close + 2;
      } else if (c == '"') {
        end = endOfQuoted(query, i, '"', true);
        out.append(doubleQuoted(query, i, end, out));
        i = end;
        continue;
      } else {
        end = i + 1;
      }
      out.append(query, i, end);
      i = end;
    }
    return out.toString();
  }

  /**
   * The index after the token opening at {@code start} and closed by {@code quote}; a doubled quote
   * is part of it, and so is a backslash-escaped character where {@code backslash}.
   */
  private static int endOfQuoted(String query, int start, char quote, boolean backslash) {
    int i = start + 1;
    while (i < query.length()) {
      char c = query.charAt(i);
      if (backslash && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < query.length() && query.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return query.length();
  }

  /** A double-quoted token: a name when it is part of a dotted name or a metadata table. */
  private static String doubleQuoted(String query, int start, int end, StringBuilder before) {
    String token = query.substring(start, end);
    if (end - start < 2 || token.charAt(token.length() - 1) != '"') {
      return token;
    }
    String name = token.substring(1, token.length() - 1).replace("\"\"", "\"");
    Matcher metadata = METADATA_TABLE.matcher(name);
    boolean dotted = lastNonSpace(before) == '.' || nextNonSpace(query, end) == '.';
    if (metadata.matches()) {
      return quoted(metadata.group(1)) + "." + quoted(metadata.group(2));
    }
    return dotted ? quoted(name) : token;
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static char lastNonSpace(CharSequence text) {
    for (int i = text.length() - 1; i >= 0; i--) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return text.charAt(i);
      }
    }
    return 0;
  }

  private static char nextNonSpace(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return text.charAt(i);
      }
    }
    return 0;
  }
}
