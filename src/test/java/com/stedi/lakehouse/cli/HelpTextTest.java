package com.stedi.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.StediCli;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `stedi --help` lists each command by one complete short sentence: no Spark needed. */
class HelpTextTest {
  private static final int SHORT = 90;

  @Test
  void everyCommandSummaryIsOneCompleteShortSentence() {
    Map<String, String> summaries = summaries();

    assertThat(summaries).isNotEmpty();
    summaries.forEach(
        (command, line) -> {
          assertThat(line).as(command).endsWith(".").hasSizeLessThanOrEqualTo(SHORT);
          String body = line.substring(0, line.length() - 1).strip();
          assertThat(body)
              .as(command + ": a clause left hanging")
              .doesNotEndWith(",")
              .doesNotEndWith(":")
              .doesNotEndWith(";")
              .doesNotEndWith("(")
              .doesNotEndWithIgnoringCase(" and")
              .doesNotEndWithIgnoringCase(" or")
              .doesNotEndWithIgnoringCase(" the")
              .doesNotEndWithIgnoringCase(" a");
          assertThat(body.chars().filter(c -> c == '(').count())
              .as(command + ": parentheses closed")
              .isEqualTo(body.chars().filter(c -> c == ')').count());
        });
  }

  @Test
  void helpListsTheCommandsWithTheirSummaries() {
    StediCli cli = new StediCli();

    assertThat(cli.run("--help")).isZero();
    assertThat(commandsSection(cli.out()))
        .containsExactly(
            "init Create the lakehouse: the namespaces, then every table, by applying the"
                + " migrations.",
            "migrate Apply the pending schema migrations, once each, in version order.",
            "run Ingest the new source files into landing and bring trusted and curated up to"
                + " date.",
            "report Print the row count of every table.",
            "sql Run one SQL statement against the lakehouse, in Spark's syntax or Athena's.",
            "tables List every table with its size, current snapshot and last run.",
            "describe Show a table's schema with column docs, partition spec, sort order,"
                + " properties and refs.",
            "history List a table's snapshots in commit order.",
            "as-of Run one query with every table read as it was after a run.",
            "diff Count the rows a table gained and lost between two states.",
            "rollback Restore trusted and curated tables to an earlier state, as a new snapshot.",
            "generate Write deterministic synthetic STEDI data in the source layout.",
            "demo Generate a small data set (once), run the pipeline on it, print the report.",
            "maintain Compact, expire and clean every table with Iceberg's Spark actions.",
            "erasure-check Print an erasure receipt: every place that still holds one customer.",
            "help Display help information about the specified command.");
  }

  /** Each subcommand's first description line, by name, as picocli's model holds it. */
  private static Map<String, String> summaries() {
    Map<String, String> summaries = new LinkedHashMap<>();
    new CommandLine(new StediCommand())
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              String[] description = sub.getCommandSpec().usageMessage().description();
              summaries.put(name, description.length == 0 ? "" : description[0]);
            });
    return summaries;
  }

  /** The lines under "Commands:", each wrapped entry joined back into "name summary". */
  private static List<String> commandsSection(String help) {
    List<String> entries = new ArrayList<>();
    boolean inCommands = false;
    for (String line : help.lines().toList()) {
      if (line.equals("Commands:")) {
        inCommands = true;
      } else if (inCommands && line.startsWith("   ") && !entries.isEmpty()) {
        int last = entries.size() - 1;
        entries.set(last, entries.get(last) + " " + line.strip());
      } else if (inCommands && line.startsWith("  ")) {
        entries.add(line.strip().replaceAll("\\s+", " "));
      }
    }
    return entries;
  }
}
