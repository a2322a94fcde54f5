package com.stedi.lakehouse.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The typed fields of a line that is a plain record of its kind, read in the task that reads the
 * line: a JSON object holding each field at most once, no other field, every value of its type's
 * plain JSON shape (text a string, a whole number an integer, a number a finite number), and no
 * fault. Such a line lands with exactly the values the checks in Spark ({@link CheckedLines}) give
 * it; every other line, however rare or odd, is left to those checks, which say why it cannot land
 * or read it as they always have.
 *
 * <p>Why: the checks read every value as text first (so a wrong type quarantines a line instead of
 * failing its file), and Spark's JSON reader turns each number into text through a JSON writer of
 * its own, then the checks match and cast it back: most of the CPU a load spends reading its files.
 * Nearly every delivered line is plain, and for a plain value the round trip changes nothing: the
 * number's text casts back to the number Jackson read.
 */
final class PlainRecord implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Standard JSON only: what it accepts, Spark's more lenient reader reads alike. */
  private static final JsonFactory JSON = new JsonFactory();

  private static final Pattern EMAIL = Pattern.compile(SourceField.EMAIL_PATTERN);

  private final SourceKind kind;
  private final StructType schema;
  private final long latest;

  /**
   * @param now the run's start: a date past it plus {@link SourceField#FUTURE_TOLERANCE} is a fault
   */
  PlainRecord(SourceKind kind, Instant now) {
    this.kind = kind;
    this.schema = CheckedLines.fieldsSchema(kind);
    this.latest = now.toEpochMilli() + SourceField.FUTURE_TOLERANCE.toMillis();
  }

  /** The typed fields, as the struct {@link CheckedLines#fieldsColumn} holds them. */
  StructType schema() {
    return schema;
  }

  /** The typed fields of a plain line of UTF-8 bytes, or null when it is not one. */
  Row read(byte[] line, int length) {
    try (JsonParser parser = JSON.createParser(line, 0, length)) {
      return read(parser);
    } catch (Exception e) {
      return null;
    }
  }

  /** The typed fields of a plain line, or null when it is not one. */
  Row read(String line) {
    try (JsonParser parser = JSON.createParser(line)) {
      return read(parser);
    } catch (Exception e) {
      return null;
    }
  }

  private Row read(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    List<SourceField> fields = kind.fields();
    Object[] values = new Object[fields.size()];
    boolean[] seen = new boolean[fields.size()];
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      int index = indexOf(fields, parser.getCurrentName());
      if (index < 0 || seen[index]) {
        return null;
      }
      seen[index] = true;
      parser.nextToken();
      SourceField field = fields.get(index);
      Object value = value(field, parser);
      if (value == NOT_PLAIN) {
        return null;
      }
      if (value == null && field.required()) {
        return null;
      }
      values[index] = value;
    }
    if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
      return null;
    }
    for (int i = 0; i < values.length; i++) {
      if (!seen[i] && fields.get(i).required()) {
        return null;
      }
    }
    return RowFactory.create(values);
  }

  private static final Object NOT_PLAIN = new Object();

  /** The field's typed value, null for a JSON null, or {@link #NOT_PLAIN}. */
  private Object value(SourceField field, JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    return switch (field.type()) {
      case TEXT -> token == JsonToken.VALUE_STRING ? text(parser.getText(), field) : NOT_PLAIN;
      case EMAIL -> token == JsonToken.VALUE_STRING ? email(parser.getText(), field) : NOT_PLAIN;
      case INSTANT -> instant(parser, token);
      case INT ->
          token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
              ? (Object) parser.getIntValue()
              : NOT_PLAIN;
      case NUMBER -> number(parser, token);
    };
  }

  /** A text, but blank where one is required: the checks call that missing. */
  private static Object text(String text, SourceField field) {
    return field.required() && trim(text).isEmpty() ? NOT_PLAIN : text;
  }

  /** An e-mail address as the checks match it: their pattern, on the text trimmed as they trim. */
  private static Object email(String text, SourceField field) {
    String trimmed = trim(text);
    if (trimmed.isEmpty()) {
      return field.required() ? NOT_PLAIN : text;
    }
    return EMAIL.matcher(trimmed).find() ? text : NOT_PLAIN;
  }

  private Object instant(JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT || !isIntOrLong(parser)) {
      return NOT_PLAIN;
    }
    long millis = parser.getLongValue();
    return millis < 0 || millis > latest ? NOT_PLAIN : (Object) millis;
  }

  /**
   * A finite number. The checks read a number's text as Spark's reader writes it (the shortest
   * decimal that reads back as the same double, or the integer's digits) and cast it back: the
   * double Jackson read, or the integer as a double (both rounded to the nearest double).
   */
  private static Object number(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NUMBER_INT) {
      return isIntOrLong(parser) ? (Object) (double) parser.getLongValue() : NOT_PLAIN;
    }
    if (token != JsonToken.VALUE_NUMBER_FLOAT) {
      return NOT_PLAIN;
    }
    double value = parser.getDoubleValue();
    return Double.isFinite(value) ? (Object) value : NOT_PLAIN;
  }

  private static boolean isIntOrLong(JsonParser parser) throws IOException {
    JsonParser.NumberType type = parser.getNumberType();
    return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
  }

  /** As Spark's {@code trim}: spaces only, not other whitespace. */
  private static String trim(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == ' ') {
      end--;
    }
    return text.substring(start, end);
  }

  private static int indexOf(List<SourceField> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
