package com.stedi.lakehouse.sql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lets a query written for Athena run unchanged in Spark SQL. Time travel needs no change: Spark
 * reads Athena's {@code FOR TIMESTAMP AS OF ...} and {@code FOR VERSION AS OF <snapshot id>}
 * itself. What differs is lexical, and translated outside string literals:
 *
 * <ul>
 *   <li>names in double quotes within a dotted name ({@code "curated"."machine_learning"}) become
 *       back-quoted;
 *   <li>Athena's metadata tables ({@code "machine_learning$snapshots"}) become Iceberg's Spark ones
 *       ({@code machine_learning.snapshots}).
 * </ul>
 *
 * A query in Spark's own syntax comes out as it went in.
 */
public final class AthenaDialect {
  /**
   * A double-quoted name that is part of a dotted name, or an Athena metadata table. Spark reads
   * other double-quoted text as a string, and so do queries written for Spark: they are left as
   * they are.
   */
  private static final Pattern QUOTED_IDENTIFIER =
      Pattern.compile(
          "(?<=\\.)\"((?:[^\"]|\"\")*)\"|\"((?:[^\"]|\"\")*)\"(?=\\.)|\"([^\"$]+\\$[a-z]+)\"");

  private static final Pattern METADATA_TABLE =
      Pattern.compile(
          "`([^`]+)\\$(snapshots|history|files|manifests|partitions|refs)`",
          Pattern.CASE_INSENSITIVE);

  private AthenaDialect() {}

  public static String toSpark(String query) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < query.length()) {
      int quote = query.indexOf('\'', i);
      if (quote < 0) {
        out.append(translate(query.substring(i)));
        break;
      }
      out.append(translate(query.substring(i, quote)));
      int end = endOfString(query, quote);
      out.append(query, quote, end);
      i = end;
    }
    return out.toString();
  }

  /** The index after the string literal opening at {@code quote}; {@code ''} is a quote in it. */
  private static int endOfString(String query, int quote) {
    int i = quote + 1;
    while (i < query.length()) {
      if (query.charAt(i) == '\'') {
        if (i + 1 < query.length() && query.charAt(i + 1) == '\'') {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return query.length();
  }

  private static String translate(String code) {
    Matcher quoted = QUOTED_IDENTIFIER.matcher(code);
    StringBuilder out = new StringBuilder();
    while (quoted.find()) {
      String group =
          quoted.group(1) != null
              ? quoted.group(1)
              : quoted.group(2) != null ? quoted.group(2) : quoted.group(3);
      String name = group.replace("\"\"", "\"").replace("`", "``");
      quoted.appendReplacement(out, Matcher.quoteReplacement("`" + name + "`"));
    }
    quoted.appendTail(out);
    return METADATA_TABLE.matcher(out).replaceAll("`$1`.`$2`");
  }
}
