package com.stedi.lakehouse.pipeline;

import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What every stage of one run shares: the run id, the landing snapshots the run processes (pinned
 * once after ingest, {@link Positions#NO_SNAPSHOT} for an empty landing table), and the keys that
 * changed in a zone input between two snapshots, computed once for every stage that reads them.
 */
public record RunContext(
    String runId,
    Map<LakehouseTable, Long> landingSnapshots,
    Map<String, ZoneInputChanges> zoneInputChanges) {
  public RunContext {
    landingSnapshots = Map.copyOf(landingSnapshots);
  }

  public RunContext(String runId, Map<LakehouseTable, Long> landingSnapshots) {
    this(runId, landingSnapshots, new HashMap<>());
  }

  /** The keys of a zone input that entered, left or changed, and whether there are any. */
  record ZoneInputChanges(Dataset<Row> keys, boolean none) {}
}
