package com.stedi.lakehouse.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The log file of `stedi maintain --log-file`: each maintenance appends its summary, or its error,
 * after the time it was written, so cron leaves a history behind.
 */
public final class MaintenanceLog {
  private final Path file;

  /**
   * @param file the file to append to; null for no log
   */
  public MaintenanceLog(Path file) {
    this.file = file;
  }

  public void append(String text) {
    if (file == null) {
      return;
    }
    try {
      Files.writeString(
          file,
          Instant.now() + " " + text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write log file " + file + ": " + e.getMessage(), e);
    }
  }
}
