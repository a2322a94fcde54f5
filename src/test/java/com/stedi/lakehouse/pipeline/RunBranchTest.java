package com.stedi.lakehouse.pipeline;

import static com.stedi.lakehouse.Deliveries.annAndBobConsent;
import static com.stedi.lakehouse.Deliveries.readingsOfAnnAndBob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.audit.AuditFailure;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.RunPolicy;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;

/** The audit branches of runs: what a failed or killed run leaves, and who removes it. */
class RunBranchTest extends LakehouseTestBase {
  private static final List<LakehouseTable> PUBLISHED = Stage.publishedTables();

  @Test
  void aSuccessfulRunWithNothingToPublishDropsAKilledRunsBranchAndCommitsNothingElse() {
    deliverCustomers();
    run();
    Map<LakehouseTable, Long> heads = mainHeads();
    // What a run killed after writing every published table leaves; and a branch by hand.
    for (LakehouseTable t : PUBLISHED) {
      spark.sql(String.format("alter table %s create branch `audit-run-x`", t.logicalName()));
    }
    spark.sql("alter table trusted.customer create branch experiment");

    run();

    for (LakehouseTable t : PUBLISHED) {
      Table table = IcebergTables.load(spark, t);
      assertThat(table.refs().keySet()).as("refs of %s", t).doesNotContain("audit-run-x");
    }
    assertThat(mainHeads()).isEqualTo(heads);
    assertThat(IcebergTables.load(spark, LakehouseTable.TRUSTED_CUSTOMER).refs())
        .as("a branch made by hand is maintenance's to remove, past its window")
        .containsKey("experiment");
  }

  @Test
  void theRunAfterAFailedOneDropsItsBranchWhenItPublishes() {
    deliverCustomers();
    run();
    deliver("customer", "ann-withdraws.json", customer("ann@test.com", "s-ann", 2_000, false));
    assertThatThrownBy(() -> run(RunPolicy.defaults().withRowLoss(0, 1)))
        .isInstanceOf(AuditFailure.class)
        .hasMessageContaining("the run's tables are on branch audit-run-");
    // Kept for inspection on the tables the run wrote: a branch is made right before a table's
    // write: ann's rows go from the customer tables and her readings; no step trainer data.
    Map<LakehouseTable, Integer> kept = new EnumMap<>(LakehouseTable.class);
    PUBLISHED.forEach(t -> kept.put(t, auditBranches(t).size()));
    assertThat(kept)
        .isEqualTo(
            Map.of(
                LakehouseTable.TRUSTED_CUSTOMER, 1,
                LakehouseTable.TRUSTED_ACCELEROMETER, 1,
                LakehouseTable.CURATED_CUSTOMER, 1,
                LakehouseTable.TRUSTED_STEP_TRAINER, 0,
                LakehouseTable.CURATED_MACHINE_LEARNING, 0));

    deliver("customer", "bob-withdraws.json", customer("bob@test.com", "s-bob", 3_000, false));
    run();

    assertThat(count("trusted.customer")).isZero();
    for (LakehouseTable t : PUBLISHED) {
      assertThat(auditBranches(t)).as("audit branches of %s", t).isEmpty();
    }
  }

  private void deliverCustomers() {
    deliver("customer", "customers.json", annAndBobConsent(1_000));
    deliver("accelerometer", "a.json", readingsOfAnnAndBob(100));
  }

  private static List<String> auditBranches(LakehouseTable table) {
    return IcebergTables.load(spark, table).refs().entrySet().stream()
        .filter(ref -> ref.getValue().isBranch() && ref.getKey().startsWith("audit-"))
        .map(Map.Entry::getKey)
        .toList();
  }

  private static Map<LakehouseTable, Long> mainHeads() {
    Map<LakehouseTable, Long> heads = new EnumMap<>(LakehouseTable.class);
    PUBLISHED.forEach(t -> heads.put(t, IcebergTables.currentSnapshotId(spark, t)));
    return heads;
  }
}
