package com.stedi.lakehouse.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.iceberg.io.FileIO;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The non-blank lines of source files, numbered, read in Spark tasks (one per file) through
 * Iceberg's FileIO: the same S3 client and settings as the tables, on a laptop or a cluster, and a
 * line number for every row, which Spark's JSON reader does not give.
 */
final class SourceLines {
  static final StructType SCHEMA =
      new StructType()
          .add("source_file", DataTypes.StringType, false)
          .add("source_checksum", DataTypes.StringType, false)
          .add("line_number", DataTypes.LongType, false)
          .add("line", DataTypes.StringType, false);

  private SourceLines() {}

  /** Lines of the given files (with their checksums), in a Dataset of {@link #SCHEMA}. */
  static Dataset<Row> read(SparkSession spark, FileIO io, Map<SourceFile, String> files) {
    List<FileToRead> toRead =
        files.entrySet().stream()
            .map(
                e -> new FileToRead(e.getKey().location(), e.getKey().relativePath(), e.getValue()))
            .toList();
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // Broadcast, the FileIO (and its Hadoop configuration) is deserialized once per executor
    // rather than once per task.
    JavaRDD<Row> lines =
        context.parallelize(toRead, toRead.size()).flatMap(new ReadLines(context.broadcast(io)));
    return spark.createDataFrame(lines, SCHEMA);
  }

  private record FileToRead(String location, String relativePath, String checksum)
      implements Serializable {}

  private static final class ReadLines implements FlatMapFunction<FileToRead, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<FileIO> io;

    ReadLines(Broadcast<FileIO> io) {
      this.io = io;
    }

    @Override
    public Iterator<Row> call(FileToRead file) throws IOException {
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(
                  io.value().newInputFile(file.location()).newStream(), StandardCharsets.UTF_8),
              1 << 16);
      TaskContext task = TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener((TaskCompletionListener) context -> close(reader));
      }
      return new LineIterator(reader, file);
    }

    private static void close(BufferedReader reader) {
      try {
        reader.close();
      } catch (IOException e) {
        // nothing left to read from it
      }
    }
  }

  /** Reads ahead one non-blank line at a time, so a file never sits in memory whole. */
  private static final class LineIterator implements Iterator<Row> {
    private final BufferedReader reader;
    private final FileToRead file;
    private long lineNumber;
    private Row next;

    LineIterator(BufferedReader reader, FileToRead file) {
      this.reader = reader;
      this.file = file;
      advance();
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public Row next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      Row row = next;
      advance();
      return row;
    }

    private void advance() {
      try {
        String line;
        do {
          line = reader.readLine();
          lineNumber++;
        } while (line != null && line.isBlank());
        next =
            line == null
                ? null
                : RowFactory.create(file.relativePath(), file.checksum(), lineNumber, line);
        if (line == null) {
          reader.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file.location(), e);
      }
    }
  }
}
