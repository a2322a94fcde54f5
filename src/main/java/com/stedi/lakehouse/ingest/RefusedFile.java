package com.stedi.lakehouse.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * An entry of a kind's folder that is not a delivery (a symbolic link out of the source root, a
 * FIFO, a device, a socket, a dangling link): never opened, and recorded in {@code landing.rejects}
 * as line 0 without text or checksum.
 *
 * @param kind the folder it sits in
 * @param relativePath path under the source root, e.g. {@code customer/landing/k.json}
 * @param why what it is, e.g. {@code a symbolic link to a file outside the source root}
 */
public record RefusedFile(SourceKind kind, String relativePath, String why) {
  /** The columns of {@code landing.rejects}. */
  static final StructType REJECT_SCHEMA =
      new StructType()
          .add("landing_table", DataTypes.StringType)
          .add("source_file", DataTypes.StringType)
          .add("source_checksum", DataTypes.StringType)
          .add("line_number", DataTypes.LongType)
          .add("raw_line", DataTypes.StringType)
          .add("reason", DataTypes.StringType)
          .add("rejected_at", DataTypes.TimestampType)
          .add("run_id", DataTypes.StringType);

  /** The reason recorded in {@code landing.rejects}. */
  public String reason() {
    return "refused: " + why;
  }

  /** One line for the run's output. */
  public String message() {
    return "Cannot ingest "
        + relativePath
        + ": "
        + why
        + " (refused, not read); deliver a regular file inside the source instead";
  }

  /**
   * Its row of {@code landing.rejects} ({@link #REJECT_SCHEMA}): line 0, no text and no checksum,
   * as the file was never opened, so the quarantine's key holds one row per refused path whatever
   * the reruns.
   */
  Row rejectRow(String runId, Instant at) {
    return RowFactory.create(
        kind.landingTable().logicalName(),
        relativePath,
        "",
        0L,
        null,
        reason(),
        Timestamp.from(at),
        runId);
  }
}
