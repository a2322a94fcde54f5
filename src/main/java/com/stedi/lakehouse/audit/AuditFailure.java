package com.stedi.lakehouse.audit;

/**
 * A publish audit found the run's changes breaking a rule: the run publishes nothing. The message
 * names the audit, the table, how many rows offend and, by pseudonym only, the customers or devices
 * of a sample of them: it is printed, logged and kept in {@code ops.runs.error}.
 */
public final class AuditFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String audit;

  AuditFailure(String audit, String message) {
    super(message);
    this.audit = audit;
  }

  /** The same failure, told with what the run did about it. */
  public AuditFailure(AuditFailure failure, String message) {
    super(message);
    this.audit = failure.audit;
  }

  /** The audit that failed: consent, unique-key, no-identifier or row-count. */
  public String audit() {
    return audit;
  }
}
