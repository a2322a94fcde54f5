package com.stedi.lakehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.RunPolicy;
import com.stedi.lakehouse.ops.LakehouseReport;
import com.stedi.lakehouse.ops.RunSummary;
import com.stedi.lakehouse.timetravel.SnapshotLookup;
import java.util.EnumMap;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;

class NightlyRunTest extends LakehouseTestBase {

  @Test
  void rerunOnTheSameSourceChangesNoTableAndCommitsNothing() {
    deliverTwoCustomersWithReadings();
    RunSummary first = run();
    Map<LakehouseTable, Long> snapshots = currentSnapshots();
    Map<String, Long> counts = LakehouseReport.counts(spark);

    RunSummary second = run();

    assertThat(first.changedAnything()).isTrue();
    assertThat(second.changedAnything()).isFalse();
    assertThat(second.tables())
        .allSatisfy(
            t -> assertThat(t.rowsRead() + t.inserted() + t.updated() + t.deleted()).isZero());
    assertThat(currentSnapshots()).isEqualTo(snapshots);
    assertThat(LakehouseReport.counts(spark))
        .isEqualTo(counts)
        .containsEntry("landing.customer", 2L)
        .containsEntry("curated.machine_learning", 2L);
  }

  @Test
  void recordsTheRunTagsThePublishedTablesAndCommitsPositionsWithTheData() {
    deliverTwoCustomersWithReadings();
    RunSummary summary = run();
    String id = summary.runId();

    assertThat(rows("select run_id, status, source, error from ops.runs"))
        .containsExactly(row(id, "succeeded", source.toString(), null));
    assertThat(
            rows(
                "select table_name, rows_read, rows_inserted, rows_updated, rows_deleted"
                    + " from ops.run_tables where run_id = '%s'",
                id))
        .containsExactlyInAnyOrder(
            row("landing.customer", 2L, 2L, 0L, 0L),
            row("landing.accelerometer", 2L, 2L, 0L, 0L),
            row("landing.step_trainer", 2L, 2L, 0L, 0L),
            row("landing.rejects", 6L, 0L, 0L, 0L),
            row("trusted.customer", 2L, 2L, 0L, 0L),
            row("trusted.accelerometer", 2L, 2L, 0L, 0L),
            row("curated.customer", 2L, 2L, 0L, 0L),
            row("trusted.step_trainer", 2L, 2L, 0L, 0L),
            row("curated.machine_learning", 4L, 2L, 0L, 0L));
    assertThat(IcebergTables.load(spark, LakehouseTable.LANDING_REJECTS).currentSnapshot())
        .as("nothing quarantined, nothing committed")
        .isNull();
    for (LakehouseTable t : LakehouseTable.values()) {
      if (t == LakehouseTable.LANDING_REJECTS || t == LakehouseTable.OPS_SCHEMA_HISTORY) {
        continue; // nothing quarantined; schema history is written by migrations, not runs
      }
      Table table = IcebergTables.load(spark, t);
      assertThat(table.currentSnapshot().summary())
          .as("%s", t)
          .containsEntry(IcebergTables.RUN_ID_PROPERTY, id);
      if (Stage.isPublished(t)) {
        // Published with the run's tag in one commit; the audit branch stays at main's head.
        assertThat(table.refs().keySet())
            .as("refs of %s", t)
            .containsExactlyInAnyOrder("main", "audit", id);
        assertThat(table.refs().get("audit").snapshotId())
            .as("audit branch of %s", t)
            .isEqualTo(table.currentSnapshot().snapshotId());
        assertThat(table.refs().get(id).snapshotId())
            .as("tag of %s", t)
            .isEqualTo(table.currentSnapshot().snapshotId());
        assertThat(rows("select count(*) from %s version as of '%s'", t.logicalName(), id))
            .containsExactly(row(count(t.logicalName())));
      } else if (t.isZone()) {
        // No tag on landing: stedi finds it as of the run through the run's end in ops.runs.
        assertThat(table.refs().keySet()).as("refs of %s", t).containsExactly("main");
        assertThat(new SnapshotLookup(spark).afterRun(t, id))
            .as("%s as of the run", t)
            .isEqualTo(table.currentSnapshot().snapshotId());
      }
    }
    Table ml = IcebergTables.load(spark, LakehouseTable.CURATED_MACHINE_LEARNING);
    assertThat(Positions.latest(ml, ml.currentSnapshot()).snapshots())
        .containsOnlyKeys(
            LakehouseTable.LANDING_STEP_TRAINER,
            LakehouseTable.LANDING_ACCELEROMETER,
            LakehouseTable.CURATED_CUSTOMER)
        .containsEntry(
            LakehouseTable.LANDING_ACCELEROMETER,
            IcebergTables.currentSnapshotId(spark, LakehouseTable.LANDING_ACCELEROMETER));
  }

  @Test
  void aFailedRunIsRecordedWithItsError() {
    deliver("customer", "c.json", "{not json");

    assertThatThrownBy(() -> run(RunPolicy.defaults().withMaxRejectRatio(0)))
        .hasMessageStartingWith("Cannot ingest customer/landing/c.json");

    assertThat(rows("select status, error from ops.runs"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get(0)).isEqualTo("failed");
              assertThat((String) r.get(1)).startsWith("Cannot ingest customer/landing/c.json");
            });
  }

  private static Map<LakehouseTable, Long> currentSnapshots() {
    Map<LakehouseTable, Long> ids = new EnumMap<>(LakehouseTable.class);
    for (LakehouseTable table : LakehouseTable.zoneTables()) {
      ids.put(table, IcebergTables.currentSnapshotId(spark, table));
    }
    return ids;
  }
}
