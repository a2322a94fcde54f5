package com.stedi.lakehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.pipeline.Stage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;

/**
 * The consent audit's scope: the customers whose records arrived since main last consumed them, and
 * those whose trusted.accelerometer readings the run deleted.
 */
class ConsentScopeTest extends LakehouseTestBase {

  /**
   * A branch deleted bob's reading by position (ann's stays in the same file), and no landing
   * record arrived: the rows that may have linked through his reading are read again, by his serial
   * number, and no one else's.
   */
  @Test
  void aBranchThatDeletedReadingsRereadsTheRowsOfTheirCustomerOnly() {
    deliverTwoCustomersWithReadings();
    run();
    for (Stage stage : Stage.values()) {
      spark.sql("alter table " + stage.table().logicalName() + " create branch `deleted`");
    }
    spark.conf().set(IcebergTables.WAP_BRANCH, "deleted");
    try {
      spark.sql("delete from trusted.accelerometer where user_email = 'bob@test.com'");
      Map<Stage, Table> tables = new EnumMap<>(Stage.class);
      Map<Stage, AddedRows> added = new EnumMap<>(Stage.class);
      for (Stage stage : Stage.values()) {
        tables.put(stage, IcebergTables.load(spark, stage.table()));
        added.put(stage, AddedRows.since(spark, tables.get(stage), stage.dayColumn()));
      }
      assertThat(added.get(Stage.TRUSTED_ACCELEROMETER).positionDeletes()).hasSize(1);

      ConsentScope scope = ConsentScope.of(spark, tables, added);

      assertThat(audited(scope, added, Stage.TRUSTED_CUSTOMER, "email"))
          .containsExactly(row("bob@test.com"));
      assertThat(audited(scope, added, Stage.TRUSTED_ACCELEROMETER, "user_email")).isEmpty();
      assertThat(audited(scope, added, Stage.TRUSTED_STEP_TRAINER, "serial_number"))
          .containsExactly(row("s-bob"));
      assertThat(audited(scope, added, Stage.CURATED_MACHINE_LEARNING, "serial_number"))
          .containsExactly(row("s-bob"));
    } finally {
      spark.conf().unset(IcebergTables.WAP_BRANCH);
    }
  }

  /** One column of the rows of a table the scope audits, on the session's branch. */
  private static List<List<Object>> audited(
      ConsentScope scope, Map<Stage, AddedRows> added, Stage stage, String column) {
    scope
        .rows(spark, stage, added.get(stage))
        .flatMap(ConsentScope.Audited::rows)
        .orElseThrow()
        .createOrReplaceTempView("audited");
    return rows("select %s from audited order by 1", column);
  }

  /**
   * Landing moved on twice without a published run (what failed nights leave), and maintenance
   * expired the snapshot main's trusted.customer last consumed: Iceberg cannot read the appends
   * since it. The audit then reads whole tables rather than fail every later night.
   */
  @Test
  void aNightAfterTheConsumedLandingSnapshotExpiredIsAuditedWholeAndPublished() {
    deliverTwoCustomersWithReadings();
    run();
    Table landing = IcebergTables.load(spark, LakehouseTable.LANDING_CUSTOMER);
    long consumed = landing.currentSnapshot().snapshotId();
    landing.newAppend().commit();
    long unconsumed = landing.currentSnapshot().snapshotId();
    landing.newAppend().commit();
    landing.expireSnapshots().expireSnapshotId(consumed).expireSnapshotId(unconsumed).commit();

    deliver("customer", "c2.json", customer("cat@test.com", "s-cat", 2_000, true));
    deliver("accelerometer", "a2.json", accelerometer("cat@test.com", 300, 0, 0, 1));
    run();

    assertThat(rows("select email from trusted.customer order by email"))
        .containsExactly(row("ann@test.com"), row("bob@test.com"), row("cat@test.com"));
    assertThat(rows("select user_email, reading_time from trusted.accelerometer order by 1"))
        .containsExactly(
            row("ann@test.com", 100L), row("bob@test.com", 100L), row("cat@test.com", 300L));
  }
}
