package com.stedi.lakehouse.migration;

import java.time.Instant;

/**
 * The latest attempt to apply one version, as {@code ops.schema_history} records it.
 *
 * @param statementsApplied the statements that ran: all on success; before a failure, those that a
 *     rerun skips
 * @param appliedChecksum SHA-256 of the statements that ran ({@link Migration#checksumOfFirst})
 */
public record AppliedMigration(
    int installedRank,
    int version,
    String description,
    String script,
    String checksum,
    int statements,
    int statementsApplied,
    String appliedChecksum,
    boolean success,
    String error,
    Instant appliedAt,
    String appliedBy,
    long executionMillis) {

  public String label() {
    return Migration.label(version);
  }
}
