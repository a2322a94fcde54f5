package com.stedi.lakehouse.ops;

import com.stedi.lakehouse.config.SetupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The run lock of a local warehouse: an OS file lock on {@code WAREHOUSE/run.lock}. The OS releases
 * it when the holder dies, even by kill -9, so a crash never leaves a stale lock.
 */
final class LocalRunLock implements RunLock {

  private final FileChannel channel;
  private final FileLock lock;

  private LocalRunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock; when another run holds it, waits for it if {@code wait}, else fails in one line
   * naming the holder.
   */
  static RunLock acquire(Path warehouse, boolean wait) {
    Path file = warehouse.resolve(RunLock.NAME);
    try {
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel, wait);
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw new SetupException(
            "Cannot start run: another stedi run is working on "
                + warehouse
                + (holder.isEmpty() ? "" : " (" + holder + ")")
                + "; wait for it to finish, or pass --wait to queue behind it");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              ("pid " + ProcessHandle.current().pid() + ", since " + Instant.now())
                  .getBytes(StandardCharsets.UTF_8)));
      return new LocalRunLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  private static FileLock tryLock(FileChannel channel, boolean wait) throws IOException {
    try {
      return wait ? channel.lock() : channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // This JVM already holds it: another run in the same process.
      return null;
    }
  }

  /** The OS keeps the lock for as long as the channel is open: only a closed lock is lost. */
  @Override
  public void ensureHeld() {
    if (!lock.isValid()) {
      throw new RunLockLost("it was released");
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot release the run lock: " + e.getMessage(), e);
    }
  }
}
