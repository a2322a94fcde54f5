package com.stedi.lakehouse.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.pipeline.DayRanges;
import com.stedi.lakehouse.pipeline.Positions;
import com.stedi.lakehouse.pipeline.Stage;
import com.stedi.lakehouse.sql.SqlScript;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The rows of each published table the consent audit reads on a run's branch. Main passed the audit
 * when it was published, and a consent link goes from a row to its customer's latest landing
 * record, for step trainer readings and pairs through that customer's trusted.accelerometer
 * readings ({@link ConsentLink}). So a row main already had and the branch kept can fail the audit
 * only if its customer's records changed, or if the branch removed a reading its link went through:
 * adding rows breaks no link, and removing rows of the other tables breaks none either. The audit
 * then reads the rows the branch added and the rows of the changed customers (by e-mail, or by the
 * serial number of any of their records): those whose landing records arrived since main's
 * trusted.customer consumed landing, and those whose trusted.accelerometer readings the branch
 * deleted.
 *
 * <p>It reads every row instead when the branch removed readings other than by position deletes (a
 * data file, an equality delete), when a table is audited whole ({@link AddedRows#wholeTable}),
 * when main has no such position, or past {@link #MAX_CUSTOMERS} changed customers.
 */
final class ConsentScope {
  static final int MAX_CUSTOMERS = 10_000;
  private static final String ARRIVED = "stedi_audit_arrived";
  private static final String READINGS = "stedi_audit_main_readings";
  private static final String DELETED = "stedi_audit_deleted_positions";

  private final Set<String> emails;
  private final Set<String> serialNumbers;

  /**
   * @param emails the e-mails of the customers to read; null to read every row
   * @param serialNumbers those of their records
   */
  private ConsentScope(Set<String> emails, Set<String> serialNumbers) {
    this.emails = emails;
    this.serialNumbers = serialNumbers;
  }

  private static ConsentScope everyRow() {
    return new ConsentScope(null, null);
  }

  private static ConsentScope none() {
    return new ConsentScope(Set.of(), Set.of());
  }

  /**
   * @param tables each published table, loaded
   * @param added what the branch added to each published table
   */
  static ConsentScope of(
      SparkSession spark, Map<Stage, Table> tables, Map<Stage, AddedRows> added) {
    AddedRows readings = added.get(Stage.TRUSTED_ACCELEROMETER);
    if (readings.removedOtherwise()) {
      return everyRow();
    }
    Table published = tables.get(Stage.TRUSTED_CUSTOMER);
    Snapshot main = published.currentSnapshot();
    Long consumed =
        main == null ? null : Positions.latest(published, main).of(LakehouseTable.LANDING_CUSTOMER);
    if (consumed == null) {
      return everyRow();
    }
    Table accelerometer = tables.get(Stage.TRUSTED_ACCELEROMETER);
    Optional<DeletedReadings> deleted =
        readings.positionDeletes().isEmpty()
            ? Optional.empty()
            : Optional.of(
                new DeletedReadings(
                    accelerometer.currentSnapshot().snapshotId(),
                    IcebergTables.head(spark, accelerometer).snapshotId(),
                    readings.positionDeletes()));
    return IcebergTables.withoutWapBranch(spark, () -> changedSince(spark, consumed, deleted));
  }

  /**
   * trusted.accelerometer readings a branch deleted by position.
   *
   * @param main the snapshot of main the branch left
   * @param head the branch's head
   * @param files the branch's position-delete files
   */
  private record DeletedReadings(long main, long head, List<String> files) {}

  /**
   * E-mail and serial number of every record of the customers with records after a snapshot of
   * landing.customer or with deleted readings, held on the driver; every row past {@link
   * #MAX_CUSTOMERS} customers, when main consumed none, or when the records since that snapshot can
   * no longer be read apart.
   */
  private static ConsentScope changedSince(
      SparkSession spark, long consumed, Optional<DeletedReadings> deleted) {
    Table landing = IcebergTables.load(spark, LakehouseTable.LANDING_CUSTOMER);
    Snapshot now = landing.currentSnapshot();
    boolean arrivedAny = now != null && now.snapshotId() != consumed;
    if (!arrivedAny && deleted.isEmpty()) {
      // Nothing changed: no query needed to know it.
      return none();
    }
    if (arrivedAny
        && (consumed == Positions.NO_SNAPSHOT
            || !Positions.appendsReadable(landing, consumed, now.snapshotId()))) {
      // Every record arrived, or maintenance expired what main consumed: read every row.
      return everyRow();
    }
    Namespaces names = Namespaces.of(spark);
    arrived(spark, names, consumed, arrivedAny ? now.snapshotId() : null)
        .createOrReplaceTempView(ARRIVED);
    mainReadings(spark, names, deleted).createOrReplaceTempView(READINGS);
    deletedPositions(spark, names, deleted).createOrReplaceTempView(DELETED);
    List<Row> records =
        spark
            .sql(
                SqlScript.render(
                    SqlScript.load("sql/audit/changed_customers.sql", names),
                    Map.of("arrived", ARRIVED, "readings", READINGS, "deleted", DELETED)))
            .collectAsList();
    Set<String> emails = new HashSet<>();
    Set<String> serialNumbers = new HashSet<>();
    for (Row record : records) {
      emails.add(record.getString(0));
      if (!record.isNullAt(1)) {
        serialNumbers.add(record.getString(1));
      }
    }
    return emails.size() > MAX_CUSTOMERS ? everyRow() : new ConsentScope(emails, serialNumbers);
  }

  /** landing.customer's records after a snapshot up to another; none when {@code now} is null. */
  private static Dataset<Row> arrived(
      SparkSession spark, Namespaces names, long consumed, Long now) {
    String table = names.name(LakehouseTable.LANDING_CUSTOMER);
    if (now == null) {
      return spark.table(table).where(lit(false));
    }
    return spark
        .read()
        .format("iceberg")
        .option("start-snapshot-id", consumed)
        .option("end-snapshot-id", now)
        .load(table);
  }

  /**
   * The file, position and e-mail of main's trusted.accelerometer readings; none when no delete.
   */
  private static Dataset<Row> mainReadings(
      SparkSession spark, Namespaces names, Optional<DeletedReadings> deleted) {
    String table = names.name(LakehouseTable.TRUSTED_ACCELEROMETER);
    Dataset<Row> readings =
        deleted
            .map(d -> spark.read().format("iceberg").option("snapshot-id", d.main()).load(table))
            .orElseGet(() -> spark.table(table).where(lit(false)));
    return readings.select("_file", "_pos", "user_email");
  }

  /** The file and position of each reading the branch deleted; none when no delete. */
  private static Dataset<Row> deletedPositions(
      SparkSession spark, Namespaces names, Optional<DeletedReadings> deleted) {
    String table = names.name(LakehouseTable.TRUSTED_ACCELEROMETER) + ".position_deletes";
    Dataset<Row> positions =
        deleted
            .map(
                d ->
                    spark
                        .read()
                        .format("iceberg")
                        .option("snapshot-id", d.head())
                        .load(table)
                        .where(col("delete_file_path").isin(d.files().toArray())))
            .orElseGet(() -> spark.table(table).where(lit(false)));
    return positions.select("file_path", "pos");
  }

  /**
   * Rows of a table the consent audit reads.
   *
   * @param rows the rows; empty for the rows the branch added ({@link AddedRows#rows}), which the
   *     other audits read too
   * @param days the UTC days of the rows' day column, when known (see {@link ConsentLink#rows})
   * @param few whether the rows are a few of the table's, not all of them (see {@link
   *     ConsentLink#rows})
   */
  record Audited(Optional<Dataset<Row>> rows, Optional<DayRanges> days, boolean few) {
    static Audited few(Dataset<Row> rows) {
      return new Audited(Optional.of(rows), Optional.empty(), true);
    }
  }

  /**
   * The rows of a table to audit: every row, or those the branch added and those of the changed
   * customers (by e-mail, or by serial number for readings of a device); empty when neither holds
   * any (then there is nothing to audit, and no query to plan).
   */
  Optional<Audited> rows(SparkSession spark, Stage stage, AddedRows added) {
    if (emails == null || added.wholeTable()) {
      Dataset<Row> every = spark.table(Namespaces.of(spark).name(stage.table()));
      return Optional.of(new Audited(Optional.of(every), Optional.empty(), false));
    }
    if (emails.isEmpty()) {
      return added.none()
          ? Optional.empty()
          : Optional.of(new Audited(Optional.empty(), added.dayRanges(), true));
    }
    String subject = stage.subjectColumn();
    // A filter on values, not a join: Spark tests them in a hash set, with no job of its own.
    Set<String> subjects = subject.endsWith("email") ? emails : serialNumbers;
    Dataset<Row> ofChanged =
        spark
            .table(Namespaces.of(spark).name(stage.table()))
            .where(col(subject).isin(subjects.toArray()));
    if (added.none()) {
      return Optional.of(Audited.few(ofChanged));
    }
    return Optional.of(
        Audited.few(
            added
                .rows(spark, stage.table())
                .union(ofChanged.where(not(col("_file").isin(added.files().toArray()))))));
  }
}
