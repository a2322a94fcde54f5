package com.stedi.lakehouse.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The line reader on its own, without Spark: line limits and memory. */
class SourceLinesTest {
  private static final int MIB = 1 << 20;

  @Test
  void fiftyMebibytesWithoutALineBreakNeverGrowTheBufferPastTheLimit() {
    InputStream in =
        new SequenceInputStream(
            new Repeated((byte) 'a', 50L * MIB),
            new ByteArrayInputStream("\n{\"x\": 1}\n".getBytes(StandardCharsets.UTF_8)));
    SourceLines.LineIterator lines = new SourceLines.LineIterator(in, "a.json", "sum", MIB);

    List<Row> rows = new ArrayList<>();
    lines.forEachRemaining(rows::add);

    assertThat(rows)
        .extracting(r -> r.getLong(2), r -> r.getString(3))
        .containsExactly(tuple(1L, null), tuple(2L, "{\"x\": 1}"));
    assertThat(lines.bufferCapacity()).isLessThanOrEqualTo(MIB + 1);
  }

  @Test
  void aLineOfExactlyTheLimitIsKeptEvenWithACarriageReturn() {
    String line = "b".repeat(16);
    InputStream in =
        new ByteArrayInputStream(
            (line + "\r\n" + line + "c\n" + line).getBytes(StandardCharsets.UTF_8));

    List<Row> rows = new ArrayList<>();
    new SourceLines.LineIterator(in, "a.json", "sum", 16).forEachRemaining(rows::add);

    assertThat(rows).extracting(r -> r.getString(3)).containsExactly(line, null, line);
  }

  /** {@code length} copies of one byte, made as read. */
  private static final class Repeated extends InputStream {
    private final byte value;
    private long left;

    Repeated(byte value, long length) {
      this.value = value;
      this.left = length;
    }

    @Override
    public int read() {
      if (left == 0) {
        return -1;
      }
      left--;
      return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (left == 0) {
        return -1;
      }
      int count = (int) Math.min(length, left);
      Arrays.fill(buffer, offset, offset + count, value);
      left -= count;
      return count;
    }
  }
}
