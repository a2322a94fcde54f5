package com.stedi.lakehouse.ops;

import com.stedi.lakehouse.catalog.CatalogProfile;
import com.stedi.lakehouse.config.LakehouseConfig;

/**
 * One `stedi run` (or purge) at a time per warehouse: {@code WAREHOUSE/run.lock}, an OS file lock
 * on a local folder ({@link LocalRunLock}), an S3 object written conditionally on S3 ({@link
 * S3RunLock}).
 */
public interface RunLock extends AutoCloseable {
  String NAME = "run.lock";

  /**
   * Takes the lock; when another run holds it, waits for it if {@code wait}, else fails in one line
   * naming the holder.
   */
  static RunLock acquire(LakehouseConfig config, boolean wait) {
    return config.isLocal()
        ? LocalRunLock.acquire(config.localWarehouse(), wait)
        : S3RunLock.acquire(config.warehouse(), CatalogProfile.properties(config), wait);
  }

  /**
   * Fails with {@link RunLockLost} unless this run still holds the lock: call it before each
   * commit, so a run that lost its lock (a failed renewal, a takeover, a lapsed lease) stops before
   * writing beside the run that took it.
   */
  void ensureHeld();

  @Override
  void close();
}
