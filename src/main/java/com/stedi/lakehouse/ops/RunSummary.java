package com.stedi.lakehouse.ops;

import java.time.Duration;
import java.util.List;

/** What one `stedi run` did, table by table in run order. */
public record RunSummary(String runId, List<TableChange> tables, Duration elapsed) {
  public boolean changedAnything() {
    return tables.stream().anyMatch(t -> t.snapshotId() != null);
  }
}
