package com.stedi.lakehouse.migration;

import java.util.Locale;

/**
 * Where one version stands: the file this stedi has, and the latest attempt the lakehouse recorded.
 *
 * @param migration the file, or null when the lakehouse applied a version this stedi lacks
 * @param applied the latest attempt, or null when there was none
 */
public record MigrationStatus(Migration migration, AppliedMigration applied, State state) {

  public enum State {
    /** Applied, and the file is unchanged since. */
    APPLIED,
    /** Never attempted. */
    PENDING,
    /** The latest attempt failed; the next one resumes at the failed statement. */
    FAILED,
    /** Applied, but the file has changed since: refused. */
    CHANGED,
    /** Applied by a stedi that had this version; this one lacks it: refused. */
    UNKNOWN;

    /** The word {@code stedi migrate --status} prints. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public int version() {
    return migration != null ? migration.version() : applied.version();
  }

  public String label() {
    return Migration.label(version());
  }

  public String description() {
    return migration != null ? migration.description() : applied.description();
  }

  public String script() {
    return migration != null ? migration.script() : applied.script();
  }

  /** True for a version that `stedi migrate` would apply or resume. */
  public boolean isPending() {
    return state == State.PENDING || state == State.FAILED;
  }

  /** Statements a rerun skips: those a failed attempt ran. */
  public int statementsDone() {
    return state == State.FAILED ? applied.statementsApplied() : 0;
  }
}
