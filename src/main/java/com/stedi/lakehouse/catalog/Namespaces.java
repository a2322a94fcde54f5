package com.stedi.lakehouse.catalog;

import com.stedi.lakehouse.config.LakehouseConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.SqlBaseLexer;
import org.apache.spark.sql.catalyst.parser.UpperCaseCharStream;

/**
 * How the open catalog names the lakehouse's namespaces: the zone or {@code ops}, after a prefix
 * when Glue databases share an account ({@code stedi_trusted}). The session carries it in its own
 * configuration, beside the catalog it belongs to, so every engine finds it in the SparkSession it
 * receives: {@code Namespaces.of(spark).name(TRUSTED_CUSTOMER)}.
 *
 * @param prefix the prefix of every namespace, empty for none
 */
public record Namespaces(String prefix) {
  /** The namespaces of a catalog without prefix, the local profile's. */
  public static final Namespaces NONE = new Namespaces("");

  /** The session setting that carries the prefix; {@link LakehouseSession#open} sets it. */
  static final String PREFIX_SETTING = "stedi.namespace-prefix";

  private static final Set<String> ZONES =
      Arrays.stream(LakehouseTable.values())
          .map(LakehouseTable::zone)
          .collect(Collectors.toUnmodifiableSet());

  /** The namespaces of the catalog that this configuration opens. */
  public static Namespaces of(LakehouseConfig config) {
    return new Namespaces(CatalogProfile.namespacePrefix(config));
  }

  /** The namespaces of the catalog open in this session; none for a session stedi did not open. */
  public static Namespaces of(SparkSession spark) {
    return new Namespaces(spark.conf().get(PREFIX_SETTING, ""));
  }

  void applyTo(SparkSession spark) {
    spark.conf().set(PREFIX_SETTING, prefix);
  }

  /** The namespace of a table in this catalog, e.g. {@code stedi_trusted}. */
  public String namespace(LakehouseTable table) {
    return prefix + table.zone();
  }

  /**
   * The name of a table in SQL, e.g. {@code stedi_trusted.customer}; the catalog is the default.
   */
  public String name(LakehouseTable table) {
    return prefix + table.logicalName();
  }

  /**
   * Finds a table by the name a user gave, with or without the prefix, case-insensitively; null
   * when there is none.
   */
  public LakehouseTable table(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(LakehouseTable.values())
        .filter(t -> name(t).equals(wanted) || t.logicalName().equals(wanted))
        .findFirst()
        .orElse(null);
  }

  /**
   * One statement of a migration or {@code ddl/} file, which names tables as {@code ddl/} does
   * ({@code trusted.customer}), with every name in a lakehouse namespace given its prefix: a name
   * whose first part is {@code landing}, {@code trusted}, {@code curated} or {@code ops}, unquoted.
   * Spark's own lexer tells names from quoted strings and comments, which keep their text; the
   * files themselves stay as written, so their checksums hold in every catalog.
   */
  public String qualify(String statement) {
    if (prefix.isEmpty()) {
      return statement;
    }
    List<Token> tokens = visibleTokens(statement);
    StringBuilder out = new StringBuilder(statement);
    // From the end, so the offsets of the tokens still to rewrite hold.
    for (int i = tokens.size() - 2; i >= 0; i--) {
      boolean firstPart = i == 0 || tokens.get(i - 1).getType() != SqlBaseLexer.DOT;
      if (firstPart
          && tokens.get(i + 1).getType() == SqlBaseLexer.DOT
          && ZONES.contains(tokens.get(i).getText().toLowerCase(Locale.ROOT))) {
        out.insert(tokens.get(i).getStartIndex(), prefix);
      }
    }
    return out.toString();
  }

  private static List<Token> visibleTokens(String statement) {
    SqlBaseLexer lexer =
        new SqlBaseLexer(new UpperCaseCharStream(CharStreams.fromString(statement)));
    lexer.removeErrorListeners();
    List<Token> tokens = new ArrayList<>();
    for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
      if (t.getChannel() == Token.DEFAULT_CHANNEL) {
        tokens.add(t);
      }
    }
    return tokens;
  }
}
