package com.stedi.lakehouse.ingest;

/**
 * A source location could not be listed or read; the cause says why (for S3, the SDK's error). It
 * carries the location so the error report can name it whatever the cause.
 */
public final class SourceUnreadableException extends RuntimeException {
  private final String location;

  public SourceUnreadableException(String location, Throwable cause) {
    super("Cannot read source " + location + ": " + cause.getMessage(), cause);
    this.location = location;
  }

  /** The source as the user gave it. */
  public String location() {
    return location;
  }
}
