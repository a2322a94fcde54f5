package com.stedi.lakehouse.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.config.SetupException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tables and the lock of a `stedi maintain`, decided before Spark starts. */
class MaintenanceRequestTest {

  @Test
  void tablesAreNamedWithOrWithoutTheNamespacePrefix() {
    assertThat(
            MaintenanceRequest.tablesNamed(
                List.of("stedi_trusted.customer", " Curated.Machine_Learning "),
                new Namespaces("stedi_")))
        .containsExactly(LakehouseTable.TRUSTED_CUSTOMER, LakehouseTable.CURATED_MACHINE_LEARNING);
    assertThat(MaintenanceRequest.tablesNamed(List.of(), Namespaces.NONE))
        .containsExactly(LakehouseTable.values());
  }

  @Test
  void anUnknownTableNamesTheKnownOnes() {
    assertThatThrownBy(
            () -> MaintenanceRequest.tablesNamed(List.of("trusted.nope"), Namespaces.NONE))
        .isInstanceOf(SetupException.class)
        .hasMessageStartingWith(
            "Cannot maintain: unknown table trusted.nope; known tables: landing.customer,");
  }

  @Test
  void onlyARealPurgeTakesTheRunLock() {
    assertThat(MaintenanceJob.needsRunLock(request(Duration.ofDays(7), false))).isFalse();
    assertThat(MaintenanceJob.needsRunLock(request(Duration.ZERO, false))).isTrue();
    assertThat(MaintenanceJob.needsRunLock(request(Duration.ZERO, true))).isFalse();
  }

  private static MaintenanceRequest request(Duration expireOlderThan, boolean dryRun) {
    return new MaintenanceRequest(
        List.of(LakehouseTable.TRUSTED_CUSTOMER),
        expireOlderThan,
        1,
        128L << 20,
        Duration.ofDays(3),
        dryRun);
  }
}
