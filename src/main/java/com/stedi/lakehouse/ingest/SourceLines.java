package com.stedi.lakehouse.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 *
 * <p>Lines end at {@code \n} (a {@code \r} before it is dropped). A line that is not valid UTF-8 is
 * kept, its bad bytes replaced by U+FFFD, and flagged, so it can be quarantined rather than
 * silently altered. A line longer than the limit comes without its text ({@code line} null): its
 * bytes past the limit are skipped, not kept, so a file without line breaks takes no more memory
 * than one line of the limit.
 *
 * <p>A line that is a {@linkplain PlainRecord plain record} of its kind comes with its typed fields
 * in {@code plain} instead of its text: it needs no further check.
 */
final class SourceLines {
  static final StructType SCHEMA =
      new StructType()
          .add("source_file", DataTypes.StringType, false)
          .add("source_checksum", DataTypes.StringType, false)
          .add("line_number", DataTypes.LongType, false)
          .add("line", DataTypes.StringType, true)
          .add("valid_utf8", DataTypes.BooleanType, false);

  private SourceLines() {}

  /**
   * The columns of {@link #SCHEMA}, then {@code plain}, the typed fields of a plain line; only
   * those of {@link #SCHEMA} without a reader of plain lines.
   */
  static StructType schema(PlainRecord plain) {
    return plain == null ? SCHEMA : SCHEMA.add("plain", plain.schema(), true);
  }

  /**
   * Lines of the given files (with their checksums), in a Dataset of {@link #schema}.
   *
   * @param plain reads the plain lines' fields, or null to leave every line as text
   */
  static Dataset<Row> read(
      SparkSession spark,
      FileIO io,
      Map<SourceFile, String> files,
      int maxLineBytes,
      PlainRecord plain) {
    List<FileToRead> toRead =
        files.entrySet().stream()
            .map(
                e -> new FileToRead(e.getKey().location(), e.getKey().relativePath(), e.getValue()))
            .toList();
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // Broadcast, the FileIO (and its Hadoop configuration) is deserialized once per executor
    // rather than once per task.
    JavaRDD<Row> lines =
        context
            .parallelize(toRead, toRead.size())
            .flatMap(new ReadLines(context.broadcast(io), maxLineBytes, plain));
    return spark.createDataFrame(lines, schema(plain));
  }

  private record FileToRead(String location, String relativePath, String checksum)
      implements Serializable {}

  private static final class ReadLines implements FlatMapFunction<FileToRead, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<FileIO> io;
    private final int maxLineBytes;
    private final PlainRecord plain;

    ReadLines(Broadcast<FileIO> io, int maxLineBytes, PlainRecord plain) {
      this.io = io;
      this.maxLineBytes = maxLineBytes;
      this.plain = plain;
    }

    @Override
    public Iterator<Row> call(FileToRead file) throws IOException {
      InputStream in = io.value().newInputFile(file.location()).newStream();
      TaskContext task = TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener((TaskCompletionListener) context -> close(in));
      }
      return new LineIterator(in, file.relativePath(), file.checksum(), maxLineBytes, plain);
    }

    private static void close(InputStream in) {
      try {
        in.close();
      } catch (IOException e) {
        // nothing left to read from it
      }
    }
  }

  /** Reads ahead one non-blank line at a time, so a file never sits in memory whole. */
  static final class LineIterator implements Iterator<Row> {
    private final InputStream in;
    private final String relativePath;
    private final String checksum;
    private final int maxLineBytes;
    private final PlainRecord plain;
    private final CharsetDecoder strict =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line;
    private boolean tooLong;
    private boolean validUtf8;
    private long lineNumber;
    private Row next;

    /** Rows of {@link #SCHEMA}. */
    LineIterator(InputStream in, String relativePath, String checksum, int maxLineBytes) {
      this(in, relativePath, checksum, maxLineBytes, null);
    }

    /** Rows of {@link #schema}, or of {@link #SCHEMA} when {@code plain} is null. */
    LineIterator(
        InputStream in, String relativePath, String checksum, int maxLineBytes, PlainRecord plain) {
      this.in = in;
      this.relativePath = relativePath;
      this.checksum = checksum;
      this.maxLineBytes = maxLineBytes;
      this.plain = plain;
      this.line = new byte[Math.min(1024, maxLineBytes + 1)];
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
        next = null;
        int length;
        while ((length = readLine()) >= 0) {
          lineNumber++;
          if (tooLong) {
            next = row(null, true, null);
            return;
          }
          // An ASCII line is valid UTF-8 and needs no text if plain.
          boolean ascii = plain != null && isAscii(length);
          Row fields = ascii ? plain.read(line, length) : null;
          if (fields != null) {
            next = row(null, true, fields);
            return;
          }
          String text = decode(length);
          if (!text.isBlank()) {
            fields = plain != null && !ascii && validUtf8 ? plain.read(text) : null;
            next = row(fields == null ? text : null, validUtf8, fields);
            return;
          }
        }
        in.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + relativePath, e);
      }
    }

    private Row row(String text, boolean validUtf8, Row fields) {
      return plain == null
          ? RowFactory.create(relativePath, checksum, lineNumber, text, validUtf8)
          : RowFactory.create(relativePath, checksum, lineNumber, text, validUtf8, fields);
    }

    private boolean isAscii(int length) {
      for (int i = 0; i < length; i++) {
        if (line[i] < 0) {
          return false;
        }
      }
      return true;
    }

    /** The line buffer's size: never more than the limit and one byte (a {@code \r}). */
    int bufferCapacity() {
      return line.length;
    }

    /**
     * Reads the next line's bytes into {@code line}; returns their count, or -1 at the end. Past
     * the limit it only looks for the line's end, and sets {@link #tooLong}.
     */
    private int readLine() throws IOException {
      int length = 0;
      tooLong = false;
      while (true) {
        if (position == limit) {
          limit = in.read(chunk);
          position = 0;
          if (limit <= 0) {
            limit = 0;
            return length == 0 ? -1 : withoutCarriageReturn(length);
          }
        }
        int start = position;
        while (position < limit && chunk[position] != '\n') {
          position++;
        }
        // One byte over the limit is kept: the \r a line of exactly the limit may end with.
        int count = Math.min(position - start, maxLineBytes + 1 - length);
        if (count < position - start) {
          tooLong = true;
        }
        if (length + count > line.length) {
          line =
              Arrays.copyOf(
                  line, Math.max(Math.min(line.length * 2, maxLineBytes + 1), length + count));
        }
        System.arraycopy(chunk, start, line, length, count);
        length += count;
        if (position < limit) {
          position++;
          return withoutCarriageReturn(length);
        }
      }
    }

    private int withoutCarriageReturn(int length) {
      int withoutCr = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
      tooLong |= withoutCr > maxLineBytes;
      return withoutCr;
    }

    private String decode(int length) {
      try {
        validUtf8 = true;
        return strict.decode(ByteBuffer.wrap(line, 0, length)).toString();
      } catch (CharacterCodingException e) {
        validUtf8 = false;
        return new String(line, 0, length, StandardCharsets.UTF_8);
      }
    }
  }
}
