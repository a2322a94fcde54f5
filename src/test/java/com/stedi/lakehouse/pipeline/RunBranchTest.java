package com.stedi.lakehouse.pipeline;

import static com.stedi.lakehouse.Deliveries.annAndBobConsent;
import static com.stedi.lakehouse.Deliveries.readingsOfAnnAndBob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.SparkWork;
import com.stedi.lakehouse.audit.AuditFailure;
import com.stedi.lakehouse.catalog.AuditBranch;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.RunPolicy;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;

/** The audit branch: where runs write, what a failed or killed run leaves, and who resets it. */
class RunBranchTest extends LakehouseTestBase {
  private static final List<LakehouseTable> PUBLISHED = Stage.publishedTables();

  @Test
  void aSuccessfulRunWithNothingToPublishResetsAKilledRunsWritesAndDropsOldRunBranches() {
    deliverCustomers();
    run();
    Map<LakehouseTable, Long> heads = mainHeads();
    // What a run killed after writing trusted.customer leaves: a row no audit passed on the audit
    // branch. And what older versions' killed runs left, and a branch by hand.
    spark.sql(
        "insert into trusted.customer.branch_audit select * from trusted.customer"
            + " where email = 'ann@test.com'");
    assertThat(rows("select email from trusted.customer version as of 'audit' order by 1"))
        .containsExactly(row("ann@test.com"), row("ann@test.com"), row("bob@test.com"));
    for (LakehouseTable t : PUBLISHED) {
      spark.sql(String.format("alter table %s create branch `audit-run-x`", t.logicalName()));
    }
    spark.sql("alter table trusted.customer create branch experiment");

    SparkWork.Cost cost = SparkWork.measure(spark, this::run);

    assertThat(mainHeads()).isEqualTo(heads);
    assertThat(auditHeads()).as("the audit branch at main's head").isEqualTo(heads);
    for (LakehouseTable t : PUBLISHED) {
      Table table = IcebergTables.load(spark, t);
      assertThat(table.refs().keySet()).as("refs of %s", t).doesNotContain("audit-run-x");
    }
    assertThat(IcebergTables.load(spark, LakehouseTable.TRUSTED_CUSTOMER).refs())
        .as("a branch made by hand is maintenance's to remove, past its window")
        .containsKey("experiment");
    // One commit per published table (the reset, with the old branches), and the run record.
    Map<LakehouseTable, Integer> commits = new EnumMap<>(LakehouseTable.class);
    PUBLISHED.forEach(t -> commits.put(t, 1));
    commits.put(LakehouseTable.OPS_RUNS, 1);
    commits.put(LakehouseTable.OPS_RUN_TABLES, 1);
    assertThat(cost.commits()).isEqualTo(commits);
  }

  @Test
  void theRunAfterAFailedOneStartsTheAuditBranchAgainAtMainsHead() {
    deliverCustomers();
    run();
    Map<LakehouseTable, Long> heads = mainHeads();
    deliver("customer", "ann-withdraws.json", customer("ann@test.com", "s-ann", 2_000, false));
    assertThatThrownBy(() -> run(RunPolicy.defaults().withRowLoss(0, 1)))
        .isInstanceOf(AuditFailure.class)
        .hasMessageContaining("the run's tables are on branch audit");
    // Kept for inspection where the run wrote: ann's rows go from the customer tables and her
    // readings; no step trainer data, so those tables' branches stay at main's head.
    assertThat(mainHeads()).isEqualTo(heads);
    Map<LakehouseTable, Boolean> moved = new EnumMap<>(LakehouseTable.class);
    PUBLISHED.forEach(t -> moved.put(t, !Objects.equals(auditHeads().get(t), heads.get(t))));
    assertThat(moved)
        .isEqualTo(
            Map.of(
                LakehouseTable.TRUSTED_CUSTOMER, true,
                LakehouseTable.TRUSTED_ACCELEROMETER, true,
                LakehouseTable.CURATED_CUSTOMER, true,
                LakehouseTable.TRUSTED_STEP_TRAINER, false,
                LakehouseTable.CURATED_MACHINE_LEARNING, false));
    assertThat(rows("select email from trusted.customer version as of 'audit'"))
        .containsExactly(row("bob@test.com"));

    deliver("customer", "bob-withdraws.json", customer("bob@test.com", "s-bob", 3_000, false));
    run();

    assertThat(count("trusted.customer")).isZero();
    assertThat(auditHeads()).isEqualTo(mainHeads());
  }

  private void deliverCustomers() {
    deliver("customer", "customers.json", annAndBobConsent(1_000));
    deliver("accelerometer", "a.json", readingsOfAnnAndBob(100));
  }

  private static Map<LakehouseTable, Long> auditHeads() {
    Map<LakehouseTable, Long> heads = new EnumMap<>(LakehouseTable.class);
    for (LakehouseTable t : PUBLISHED) {
      SnapshotRef audit = IcebergTables.load(spark, t).refs().get(AuditBranch.NAME);
      heads.put(t, audit == null ? null : audit.snapshotId());
    }
    return heads;
  }

  private static Map<LakehouseTable, Long> mainHeads() {
    Map<LakehouseTable, Long> heads = new EnumMap<>(LakehouseTable.class);
    PUBLISHED.forEach(t -> heads.put(t, IcebergTables.currentSnapshotId(spark, t)));
    return heads;
  }
}
