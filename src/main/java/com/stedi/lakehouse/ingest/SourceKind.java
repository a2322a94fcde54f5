package com.stedi.lakehouse.ingest;

import static com.stedi.lakehouse.ingest.SourceField.Type.EMAIL;
import static com.stedi.lakehouse.ingest.SourceField.Type.INSTANT;
import static com.stedi.lakehouse.ingest.SourceField.Type.INT;
import static com.stedi.lakehouse.ingest.SourceField.Type.NUMBER;
import static com.stedi.lakehouse.ingest.SourceField.Type.TEXT;
import static com.stedi.lakehouse.ingest.SourceField.optional;
import static com.stedi.lakehouse.ingest.SourceField.required;
import static org.apache.spark.sql.types.DataTypes.StringType;

import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The three kinds of source file: where they sit under the source root, their JSON fields, and the
 * landing table they feed.
 */
public enum SourceKind {
  CUSTOMER(
      "customer",
      LakehouseTable.LANDING_CUSTOMER,
      List.of(
          optional("customerName", TEXT),
          required("email", EMAIL),
          optional("phone", TEXT),
          optional("birthDay", TEXT),
          required("serialNumber", TEXT),
          optional("registrationDate", INSTANT),
          required("lastUpdateDate", INSTANT),
          optional("shareWithResearchAsOfDate", INSTANT),
          optional("shareWithPublicAsOfDate", INSTANT),
          optional("shareWithFriendsAsOfDate", INSTANT))),
  ACCELEROMETER(
      "accelerometer",
      LakehouseTable.LANDING_ACCELEROMETER,
      List.of(
          required("user", EMAIL),
          required("timestamp", INSTANT),
          required("x", NUMBER),
          required("y", NUMBER),
          required("z", NUMBER))),
  STEP_TRAINER(
      "step_trainer",
      LakehouseTable.LANDING_STEP_TRAINER,
      List.of(
          required("sensorReadingTime", INSTANT),
          required("serialNumber", TEXT),
          required("distanceFromObject", INT)));

  /** Column that receives a line that is not a JSON object. */
  public static final String CORRUPT_RECORD = "_corrupt_record";

  private final String folder;
  private final LakehouseTable landingTable;
  private final List<SourceField> fields;

  SourceKind(String folder, LakehouseTable landingTable, List<SourceField> fields) {
    this.folder = folder;
    this.landingTable = landingTable;
    this.fields = fields;
  }

  /** Folder of this kind's files relative to the source root, e.g. {@code customer/landing}. */
  public String folder() {
    return folder + "/landing";
  }

  public LakehouseTable landingTable() {
    return landingTable;
  }

  /** The fields of a record, in the order their faults are reported. */
  List<SourceField> fields() {
    return fields;
  }

  /**
   * Every field as text, with the corrupt-record column, for Spark's permissive JSON reader: only a
   * line that is not a JSON object fails to parse; types are checked field by field afterwards.
   */
  StructType readSchema() {
    StructType schema = new StructType();
    for (SourceField field : fields) {
      schema = schema.add(field.name(), StringType);
    }
    return schema.add(CORRUPT_RECORD, StringType);
  }
}
