package com.stedi.lakehouse.config;

/**
 * Invalid setup the user must fix (configuration, warehouse, source, catalog access, a held run
 * lock): a {@link UsageException}, reported in one line with exit code 2.
 */
public class SetupException extends UsageException {
  public SetupException(String message) {
    super(message);
  }

  public SetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
