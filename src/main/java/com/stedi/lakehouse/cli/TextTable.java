package com.stedi.lakehouse.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Aligned columns for the text output of commands; the JSON output does without. */
final class TextTable {
  private TextTable() {}

  /** Prints a header line and the rows under it, each column as wide as its widest cell. */
  static void print(PrintWriter out, List<String> header, List<List<String>> rows) {
    List<List<String>> lines = new ArrayList<>();
    lines.add(header);
    lines.addAll(rows);
    int[] widths = new int[header.size()];
    Arrays.fill(widths, 1); // a format width of 0 is an error
    for (List<String> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    for (List<String> line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        text.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", line.get(i)));
      }
      out.println(text.toString().stripTrailing());
    }
  }

  /** Prints a header line and, under it, the row each item makes. */
  static <T> void print(
      PrintWriter out, List<String> header, List<T> items, Function<T, List<String>> row) {
    print(out, header, items.stream().map(row).toList());
  }

  /** Prints a query's rows: a table then a row count, or one JSON object per row. */
  static void printRows(PrintWriter out, Dataset<Row> rows, OutputFormat format) {
    if (format == OutputFormat.json) {
      // Collected, not iterated: a local iterator's jobs run outside the query's SQL context, so
      // they would not see the session's jsonGenerator.ignoreNullFields=false and drop nulls.
      rows.toJSON().collectAsList().forEach(out::println);
      return;
    }
    String[] columns = rows.columns();
    List<List<String>> cells = new ArrayList<>();
    for (Row row : rows.collectAsList()) {
      List<String> line = new ArrayList<>();
      for (int i = 0; i < columns.length; i++) {
        line.add(row.isNullAt(i) ? "NULL" : String.valueOf(row.get(i)));
      }
      cells.add(line);
    }
    print(out, List.of(columns), cells);
    out.println("(" + cells.size() + (cells.size() == 1 ? " row)" : " rows)"));
  }

  static String text(Object value) {
    return value == null ? "" : String.valueOf(value);
  }
}
