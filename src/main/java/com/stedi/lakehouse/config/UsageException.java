package com.stedi.lakehouse.config;

/**
 * Something the user can fix: a bad option value, an unknown table, run or snapshot, a refused
 * request. Reported in one line with exit code 2; the message says what to do. Any other exception,
 * {@link IllegalArgumentException} included, is a failure of stedi itself (exit 1).
 */
public class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
