package com.stedi.lakehouse.ops;

/**
 * The run lock stopped being this run's (a renewal failed, another run took it over, its lease
 * lapsed): the run must commit nothing more, since another run may now be writing.
 */
public final class RunLockLost extends RuntimeException {
  RunLockLost(String reason) {
    super(
        "Cannot commit: the run lock was lost ("
            + reason
            + "); another run may hold it; rerun once it has finished");
  }
}
