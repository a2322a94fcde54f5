package com.stedi.lakehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;

/** The consent audit's scope: the customers whose records arrived since main last consumed them. */
class ConsentScopeTest extends LakehouseTestBase {

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
