package com.stedi.lakehouse.ingest;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import com.stedi.lakehouse.catalog.LakehouseTable;
import org.apache.spark.sql.types.StructType;

/**
 * The three kinds of source file: where they sit under the source root, their JSON fields, and the
 * landing table they feed.
 */
public enum SourceKind {
  CUSTOMER(
      "customer",
      LakehouseTable.LANDING_CUSTOMER,
      new StructType()
          .add("customerName", StringType)
          .add("email", StringType)
          .add("phone", StringType)
          .add("birthDay", StringType)
          .add("serialNumber", StringType)
          .add("registrationDate", LongType)
          .add("lastUpdateDate", LongType)
          .add("shareWithResearchAsOfDate", LongType)
          .add("shareWithPublicAsOfDate", LongType)
          .add("shareWithFriendsAsOfDate", LongType)),
  ACCELEROMETER(
      "accelerometer",
      LakehouseTable.LANDING_ACCELEROMETER,
      new StructType()
          .add("user", StringType)
          .add("timestamp", LongType)
          .add("x", DoubleType)
          .add("y", DoubleType)
          .add("z", DoubleType)),
  STEP_TRAINER(
      "step_trainer",
      LakehouseTable.LANDING_STEP_TRAINER,
      new StructType()
          .add("sensorReadingTime", LongType)
          .add("serialNumber", StringType)
          .add("distanceFromObject", IntegerType));

  /** Column that receives a line that is not a JSON object of the expected types. */
  public static final String CORRUPT_RECORD = "_corrupt_record";

  private final String folder;
  private final LakehouseTable landingTable;
  private final StructType jsonSchema;

  SourceKind(String folder, LakehouseTable landingTable, StructType jsonSchema) {
    this.folder = folder;
    this.landingTable = landingTable;
    this.jsonSchema = jsonSchema;
  }

  /** Folder of this kind's files relative to the source root, e.g. {@code customer/landing}. */
  public String folder() {
    return folder + "/landing";
  }

  public LakehouseTable landingTable() {
    return landingTable;
  }

  /** The JSON fields with the corrupt-record column, for Spark's permissive JSON reader. */
  public StructType readSchema() {
    return jsonSchema.add(CORRUPT_RECORD, StringType);
  }
}
