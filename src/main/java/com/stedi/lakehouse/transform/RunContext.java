package com.stedi.lakehouse.transform;

import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.Map;

/**
 * What every stage of one run shares: the run id and the landing snapshots the run processes
 * (pinned once after ingest, {@link Positions#NO_SNAPSHOT} for an empty landing table).
 */
public record RunContext(String runId, Map<LakehouseTable, Long> landingSnapshots) {
  public RunContext {
    landingSnapshots = Map.copyOf(landingSnapshots);
  }
}
