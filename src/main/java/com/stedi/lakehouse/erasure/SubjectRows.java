package com.stedi.lakehouse.erasure;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;

import com.stedi.lakehouse.catalog.LakehouseTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Which rows of each table are the subject's, by the links the zone rules use: the e-mail for
 * customer and accelerometer rows; the serial number for step trainer rows (on a device other
 * customers also own, only at the subject's reading instants); serial, instant and x, y, z for
 * machine_learning rows, which pair a step trainer reading with the owner's accelerometer reading.
 * The ops tables have no column for customer data; those with free text (a run's error, a source
 * file name) are searched for the e-mail, so a leak there is seen too.
 */
final class SubjectRows implements SubjectMatch {
  private static final StructType READINGS =
      new StructType()
          .add("subject_reading_time", DataTypes.LongType)
          .add("subject_x", DataTypes.DoubleType)
          .add("subject_y", DataTypes.DoubleType)
          .add("subject_z", DataTypes.DoubleType);

  private final SparkSession spark;
  private final Subject subject;

  SubjectRows(SparkSession spark, Subject subject) {
    this.spark = spark;
    this.subject = subject;
  }

  @Override
  public Dataset<Row> bySubject(LakehouseTable table, Dataset<Row> rows) {
    return of(table, rows).withColumn(SUBJECT, lit(subject.email()));
  }

  /** The subject's rows among {@code rows}, which have the table's columns. */
  Dataset<Row> of(LakehouseTable table, Dataset<Row> rows) {
    return switch (table) {
      case LANDING_CUSTOMER, TRUSTED_CUSTOMER, CURATED_CUSTOMER ->
          rows.where(Subject.emailIs("email", subject.email()));
      case LANDING_ACCELEROMETER, TRUSTED_ACCELEROMETER ->
          rows.where(Subject.emailIs("user_email", subject.email()));
      case LANDING_STEP_TRAINER, TRUSTED_STEP_TRAINER -> rows.where(stepTrainerReading());
      case CURATED_MACHINE_LEARNING -> pairedReadings(rows);
      case LANDING_REJECTS -> rows.where(mentions("raw_line"));
      case OPS_RUNS, OPS_SCHEMA_HISTORY -> rows.where(mentions("error"));
      case OPS_SOURCE_FILES -> rows.where(mentions("source_file"));
      case OPS_RUN_TABLES -> rows.where(lit(false)); // run ids, table names and counts only
    };
  }

  private Column mentions(String column) {
    return lower(col(column)).contains(subject.email());
  }

  private Column stepTrainerReading() {
    Column own = col("serial_number").isin(subject.ownSerials().toArray());
    if (subject.sharedSerials().isEmpty()) {
      return own;
    }
    return own.or(
        col("serial_number")
            .isin(subject.sharedSerials().toArray())
            .and(col("sensor_reading_time").isin(subject.readingTimes())));
  }

  private Dataset<Row> pairedReadings(Dataset<Row> rows) {
    Dataset<Row> readings = spark.createDataFrame(subject.readings(), READINGS);
    return rows.where(col("serial_number").isin(subject.serials().toArray()))
        .join(
            readings,
            col("sensor_reading_time")
                .equalTo(col("subject_reading_time"))
                .and(col("x").equalTo(col("subject_x")))
                .and(col("y").equalTo(col("subject_y")))
                .and(col("z").equalTo(col("subject_z"))),
            "left_semi");
  }
}
