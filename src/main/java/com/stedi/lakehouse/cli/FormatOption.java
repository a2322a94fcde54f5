package com.stedi.lakehouse.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Option;

/**
 * The {@code --format} option of every command that prints a result, and the one place that chooses
 * between its text view and its JSON document. Each command's description says the shape of its
 * JSON.
 */
final class FormatOption {
  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "text|json",
      description = "text (for people, the default) or json (for programs).")
  OutputFormat format = OutputFormat.text;

  boolean isJson() {
    return format == OutputFormat.json;
  }

  /** Prints a result: the JSON document on one line, or the command's text view. */
  void print(PrintWriter out, Supplier<?> json, Consumer<PrintWriter> text) {
    if (isJson()) {
      out.println(Json.write(json.get()));
    } else {
      text.accept(out);
    }
  }

  /** Prints a list: a JSON array of one object per item, or the command's text view of it. */
  <T> void printList(
      PrintWriter out, List<T> items, Function<T, ?> json, BiConsumer<PrintWriter, List<T>> text) {
    print(out, () -> items.stream().map(json).toList(), o -> text.accept(o, items));
  }

  /** Prints a query's rows: a table then a row count, or one JSON object per row. */
  void printRows(PrintWriter out, Dataset<Row> rows) {
    TextTable.printRows(out, rows, format);
  }
}
