package com.stedi.lakehouse.config;

/** Invalid input or setup that the user must fix; reported in one line with exit code 2. */
public class SetupException extends RuntimeException {
  public SetupException(String message) {
    super(message);
  }

  public SetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
