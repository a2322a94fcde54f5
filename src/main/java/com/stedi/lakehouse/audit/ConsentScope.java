package com.stedi.lakehouse.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.pipeline.DayRanges;
import com.stedi.lakehouse.pipeline.Positions;
import com.stedi.lakehouse.pipeline.Stage;
import com.stedi.lakehouse.sql.SqlScript;
import java.util.Collection;
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
 * when it was published, so when the branch removed no row of any table, a row main already had can
 * fail it only if its customer's latest record changed: a consent link goes from a row to the
 * customer's latest landing record, through rows that were all kept. The audit then reads the rows
 * the branch added and the rows of the customers (by e-mail) or devices (by serial number, of any
 * of their records) whose landing records arrived since main's trusted.customer consumed landing.
 *
 * <p>It reads every row instead when the branch removed any row (a withdrawal night), when a table
 * is audited whole ({@link AddedRows#wholeTable}), when main has no such position, or past {@link
 * #MAX_CUSTOMERS} arrived customers. Why every row on a withdrawal night, though a removal breaks
 * only links through the removed trusted.accelerometer readings: reading only the rows of the
 * customers whose readings the branch deleted (found from its position deletes) cut the audit's CPU
 * on a 10M night by a third but not its wall time, and added 2 s to a 1M night (more, smaller Spark
 * jobs).
 */
final class ConsentScope {
  static final int MAX_CUSTOMERS = 10_000;
  private static final String ARRIVED = "stedi_audit_arrived";

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

  /**
   * @param published trusted.customer, loaded
   * @param added what the branch added to each published table
   */
  static ConsentScope of(SparkSession spark, Table published, Collection<AddedRows> added) {
    if (added.stream().anyMatch(AddedRows::removedAny)) {
      return everyRow();
    }
    Snapshot main = published.currentSnapshot();
    Long consumed =
        main == null ? null : Positions.latest(published, main).of(LakehouseTable.LANDING_CUSTOMER);
    if (consumed == null) {
      return everyRow();
    }
    return IcebergTables.withoutWapBranch(spark, () -> arrivedSince(spark, consumed));
  }

  /**
   * E-mail and serial number of every record of the customers with records after a snapshot of
   * landing.customer, held on the driver; every row past {@link #MAX_CUSTOMERS} customers, when
   * main consumed none, or when the records since that snapshot can no longer be read apart.
   */
  private static ConsentScope arrivedSince(SparkSession spark, long consumed) {
    Table landing = IcebergTables.load(spark, LakehouseTable.LANDING_CUSTOMER);
    Snapshot now = landing.currentSnapshot();
    if (now == null || now.snapshotId() == consumed) {
      // Nothing arrived: no query needed to know it.
      return new ConsentScope(Set.of(), Set.of());
    }
    if (consumed == Positions.NO_SNAPSHOT
        || !Positions.appendsReadable(landing, consumed, now.snapshotId())) {
      // Every record arrived, or maintenance expired what main consumed: read every row.
      return everyRow();
    }
    spark
        .read()
        .format("iceberg")
        .option("start-snapshot-id", consumed)
        .option("end-snapshot-id", now.snapshotId())
        .load(Namespaces.of(spark).name(LakehouseTable.LANDING_CUSTOMER))
        .createOrReplaceTempView(ARRIVED);
    List<Row> records =
        spark
            .sql(
                SqlScript.render(
                    SqlScript.load("sql/audit/arrived_customers.sql", Namespaces.of(spark)),
                    Map.of("arrived", ARRIVED)))
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

  /**
   * Rows of a table the consent audit reads.
   *
   * @param rows the rows; empty for the rows the branch added ({@link AddedRows#rows}), which the
   *     other audits read too
   * @param days the UTC days of the rows' day column, when known (see {@link ConsentLink#rows})
   */
  record Audited(Optional<Dataset<Row>> rows, Optional<DayRanges> days) {
    static Audited of(Dataset<Row> rows) {
      return new Audited(Optional.of(rows), Optional.empty());
    }
  }

  /**
   * The rows of a table to audit: every row, or those the branch added and those of the customers
   * whose records arrived (by e-mail, or by serial number for readings of a device); empty when
   * neither holds any (then there is nothing to audit, and no query to plan).
   */
  Optional<Audited> rows(SparkSession spark, Stage stage, AddedRows added) {
    if (emails == null || added.wholeTable()) {
      return Optional.of(Audited.of(spark.table(Namespaces.of(spark).name(stage.table()))));
    }
    if (emails.isEmpty()) {
      return added.none()
          ? Optional.empty()
          : Optional.of(new Audited(Optional.empty(), added.dayRanges()));
    }
    String subject = stage.subjectColumn();
    // A filter on values, not a join: Spark tests them in a hash set, with no job of its own.
    Set<String> subjects = subject.endsWith("email") ? emails : serialNumbers;
    Dataset<Row> ofArrived =
        spark
            .table(Namespaces.of(spark).name(stage.table()))
            .where(col(subject).isin(subjects.toArray()));
    if (added.none()) {
      return Optional.of(Audited.of(ofArrived));
    }
    return Optional.of(
        Audited.of(
            added
                .rows(spark, stage.table())
                .union(ofArrived.where(not(col("_file").isin(added.files().toArray()))))));
  }
}
