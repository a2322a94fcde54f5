package com.stedi.lakehouse.cli;

/** The exit codes of every command. */
public final class ExitCode {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int INVALID = 2;

  private ExitCode() {}
}
