package com.stedi.lakehouse;

import com.stedi.lakehouse.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Drives the real command line in-process and keeps what the last command printed. */
public final class StediCli {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Runs one command line through {@link Main#run}; returns its exit code. */
  public int run(String... args) {
    out.reset();
    err.reset();
    return Main.run(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        args);
  }

  /** What the last command printed on stdout. */
  public String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** What the last command printed on stderr. */
  public String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
