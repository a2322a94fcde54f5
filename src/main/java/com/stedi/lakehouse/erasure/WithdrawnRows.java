package com.stedi.lakehouse.erasure;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;

import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.sql.SqlScript;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The rows of every withdrawn customer at once, by the links {@link SubjectRows} uses for one: a
 * join against the withdrawn set (their e-mails, their serial numbers and whether another customer
 * shares each, their readings), read from landing once and cached until {@link #close}.
 */
final class WithdrawnRows implements SubjectMatch, AutoCloseable {
  private static final String VIEW = "erasure_withdrawn";

  private final SparkSession spark;
  private final Dataset<Row> withdrawn;
  private final Dataset<Row> devices;
  private final Dataset<Row> readings;

  WithdrawnRows(SparkSession spark) {
    this.spark = spark;
    withdrawn =
        spark
            .sql(SqlScript.load("sql/erasure/withdrawn_customers.sql", Namespaces.of(spark)))
            .cache();
    withdrawn.createOrReplaceTempView(VIEW);
    devices =
        spark
            .sql(SqlScript.load("sql/erasure/withdrawn_devices.sql", Namespaces.of(spark)))
            .toDF(SUBJECT, "w_serial", "w_shared")
            .cache();
    readings =
        spark
            .sql(SqlScript.load("sql/erasure/withdrawn_readings.sql", Namespaces.of(spark)))
            .toDF("r_subject", "r_time", "r_x", "r_y", "r_z")
            .cache();
  }

  /** The normalised e-mails of the withdrawn customers. */
  List<String> emails() {
    return withdrawn.collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  @Override
  public Dataset<Row> bySubject(LakehouseTable table, Dataset<Row> rows) {
    return switch (table) {
      case LANDING_CUSTOMER, TRUSTED_CUSTOMER, CURATED_CUSTOMER -> byEmail(rows, "email");
      case LANDING_ACCELEROMETER, TRUSTED_ACCELEROMETER -> byEmail(rows, "user_email");
      case LANDING_STEP_TRAINER, TRUSTED_STEP_TRAINER -> stepTrainerReadings(rows);
      case CURATED_MACHINE_LEARNING -> pairedReadings(rows);
      case LANDING_REJECTS -> mentioning(rows, "raw_line");
      case OPS_RUNS, OPS_SCHEMA_HISTORY -> mentioning(rows, "error");
      case OPS_SOURCE_FILES -> mentioning(rows, "source_file");
      case OPS_RUN_TABLES -> rows.where(lit(false)).withColumn(SUBJECT, lit(null).cast("string"));
    };
  }

  private Dataset<Row> byEmail(Dataset<Row> rows, String column) {
    return rows.join(withdrawn(), lower(trim(col(column))).equalTo(col(SUBJECT)));
  }

  /** Free text holds no key to join on: every text is searched for every withdrawn e-mail. */
  private Dataset<Row> mentioning(Dataset<Row> rows, String column) {
    return rows.join(
        broadcast(withdrawn()),
        col(SUBJECT).notEqual(lit("")).and(lower(col(column)).contains(col(SUBJECT))));
  }

  /**
   * Every reading of a device only the withdrawn customer owns; on a shared device, those at the
   * customer's own reading instants.
   */
  private Dataset<Row> stepTrainerReadings(Dataset<Row> rows) {
    Dataset<Row> onTheirDevices = rows.join(devices, col("serial_number").equalTo(col("w_serial")));
    Dataset<Row> times =
        readings.select(col("r_subject").as("t_subject"), col("r_time").as("t_time")).distinct();
    Dataset<Row> atTheirInstants =
        onTheirDevices
            .where(col("w_shared"))
            .join(
                times,
                col(SUBJECT)
                    .equalTo(col("t_subject"))
                    .and(col("sensor_reading_time").equalTo(col("t_time"))),
                "left_semi");
    return onTheirDevices
        .where(not(col("w_shared")))
        .unionByName(atTheirInstants)
        .drop("w_serial", "w_shared");
  }

  /**
   * A step trainer reading of their device paired with one of their readings (instant, x, y, z).
   */
  private Dataset<Row> pairedReadings(Dataset<Row> rows) {
    Column sameReading =
        col(SUBJECT)
            .equalTo(col("r_subject"))
            .and(col("sensor_reading_time").equalTo(col("r_time")))
            .and(col("x").equalTo(col("r_x")))
            .and(col("y").equalTo(col("r_y")))
            .and(col("z").equalTo(col("r_z")));
    return rows.join(devices, col("serial_number").equalTo(col("w_serial")))
        .join(readings, sameReading, "left_semi")
        .drop("w_serial", "w_shared");
  }

  private Dataset<Row> withdrawn() {
    return withdrawn.toDF(SUBJECT);
  }

  @Override
  public void close() {
    withdrawn.unpersist();
    devices.unpersist();
    readings.unpersist();
    spark.catalog().dropTempView(VIEW);
  }
}
