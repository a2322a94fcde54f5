package com.stedi.lakehouse.migration;

/**
 * A statement of a migration failed. The migrations before it stay applied, and so do the
 * statements of the file before it; the history records the attempt, so a rerun resumes there.
 */
public final class MigrationFailed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MigrationFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
