package com.stedi.lakehouse.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.pipeline.Positions;
import com.stedi.lakehouse.pipeline.Stage;
import com.stedi.lakehouse.sql.SqlScript;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
 * #MAX_CUSTOMERS} arrived customers.
 */
final class ConsentScope {
  static final int MAX_CUSTOMERS = 10_000;
  private static final String ARRIVED = "stedi_audit_arrived";
  private static final String SUBJECT = "stedi_subject";

  private final Dataset<Row> customers;

  /**
   * @param customers e-mail and serial number of the customers to read; null to read every row
   */
  private ConsentScope(Dataset<Row> customers) {
    this.customers = customers;
  }

  static ConsentScope of(SparkSession spark, Collection<AddedRows> added) {
    if (added.stream().anyMatch(AddedRows::removedAny)) {
      return new ConsentScope(null);
    }
    Table published = IcebergTables.load(spark, LakehouseTable.TRUSTED_CUSTOMER);
    Snapshot main = published.currentSnapshot();
    Long consumed =
        main == null ? null : Positions.latest(published, main).of(LakehouseTable.LANDING_CUSTOMER);
    if (consumed == null) {
      return new ConsentScope(null);
    }
    return new ConsentScope(
        IcebergTables.withoutWapBranch(spark, () -> arrivedSince(spark, consumed)));
  }

  /**
   * E-mail and serial number of every record of the customers with records after a snapshot of
   * landing.customer, held on the driver; null past {@link #MAX_CUSTOMERS} customers, when main
   * consumed none, or when the records since that snapshot can no longer be read apart.
   */
  private static Dataset<Row> arrivedSince(SparkSession spark, long consumed) {
    Table landing = IcebergTables.load(spark, LakehouseTable.LANDING_CUSTOMER);
    Snapshot now = landing.currentSnapshot();
    boolean noneArrived = now == null || now.snapshotId() == consumed;
    if (!noneArrived
        && (consumed == Positions.NO_SNAPSHOT
            || !Positions.appendsReadable(landing, consumed, now.snapshotId()))) {
      // Every record arrived, or maintenance expired what main consumed: read every row.
      return null;
    }
    Dataset<Row> records =
        noneArrived
            ? spark.table(Namespaces.of(spark).name(LakehouseTable.LANDING_CUSTOMER))
            : spark
                .read()
                .format("iceberg")
                .option("start-snapshot-id", consumed)
                .option("end-snapshot-id", now.snapshotId())
                .load(Namespaces.of(spark).name(LakehouseTable.LANDING_CUSTOMER));
    records.createOrReplaceTempView(ARRIVED);
    Dataset<Row> customers =
        spark.sql(
            SqlScript.render(
                SqlScript.load("sql/audit/arrived_customers.sql", Namespaces.of(spark)),
                Map.of("arrived", ARRIVED)));
    // Nothing arrived: no query needed to know it (the view only lends the result its columns).
    List<Row> rows = noneArrived ? List.of() : customers.collectAsList();
    if (rows.stream().map(r -> r.get(0)).distinct().count() > MAX_CUSTOMERS) {
      return null;
    }
    return spark.createDataFrame(rows, customers.schema());
  }

  /**
   * The rows of a table to audit: every row, or those the branch added and those of the customers
   * whose records arrived (by e-mail, or by serial number for readings of a device).
   */
  Dataset<Row> rows(SparkSession spark, Stage stage, AddedRows added) {
    Dataset<Row> table = spark.table(Namespaces.of(spark).name(stage.table()));
    if (customers == null || added.wholeTable()) {
      return table;
    }
    String subject = stage.subjectColumn();
    Dataset<Row> subjects =
        customers.select(col(subject.endsWith("email") ? "email" : subject).as(SUBJECT)).distinct();
    Dataset<Row> ofArrived =
        table.join(subjects, table.col(subject).equalTo(subjects.col(SUBJECT)), "left_semi");
    if (added.none()) {
      return ofArrived;
    }
    return added
        .rows(spark, stage.table())
        .union(ofArrived.where(not(col("_file").isin(added.files().toArray()))));
  }
}
