package com.stedi.lakehouse.cli;

import picocli.CommandLine.Option;

/** The {@code --wait} option of every command that takes the warehouse's run lock. */
final class WaitOption {
  @Option(
      names = "--wait",
      description = "When a run holds the warehouse, wait for it instead of failing.")
  boolean waitForLock;
}
