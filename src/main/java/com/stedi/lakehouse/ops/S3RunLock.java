package com.stedi.lakehouse.ops;

import com.stedi.lakehouse.config.SetupException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.aws.AwsClientFactories;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The run lock of an S3 warehouse: the object {@code WAREHOUSE/run.lock} ({@link S3LockObject}),
 * created only if absent (S3 conditional write, {@code If-None-Match: *}) and renewed every {@link
 * #RENEW_EVERY} while held, each renewal conditional on the version the holder wrote last ({@code
 * If-Match}). A holder that died (kill -9, a lost node) stops renewing it, and once its lease
 * ({@link #LEASE}) has run out the next run takes it over, again conditionally, so two runs never
 * both win.
 *
 * <p>The lock fences: a renewal that fails (no answer, a refused condition because another run took
 * the lock over) or that comes after the lease lapsed marks the lock lost, and {@link #ensureHeld}
 * then stops the run before its next commit. Every judgement of a lease is made on the store's
 * clock, from the lock object's {@code Last-Modified} and the response's {@code Date}; the local
 * clock only stamps the object's text, so a host whose clock is off neither steals a live lock nor
 * keeps a dead one.
 */
final class S3RunLock implements RunLock {
  static final Duration LEASE = Duration.ofMinutes(10);
  static final Duration RENEW_EVERY = Duration.ofMinutes(2);
  private static final Duration POLL = Duration.ofSeconds(5);

  private final S3LockObject object;
  private final String holder;
  private final Duration lease;
  private final Clock clock;
  private final ScheduledExecutorService renewal;
  private volatile S3LockObject.Version version;
  private volatile String lostBecause;

  private S3RunLock(
      S3LockObject object,
      String holder,
      S3LockObject.Version version,
      Duration lease,
      Duration renewEvery,
      Clock clock) {
    this.object = object;
    this.holder = holder;
    this.lease = lease;
    this.clock = clock;
    this.version = version;
    this.renewal =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "stedi-run-lock");
              t.setDaemon(true);
              return t;
            });
    renewal.scheduleAtFixedRate(
        this::renew, renewEvery.toMillis(), renewEvery.toMillis(), TimeUnit.MILLISECONDS);
  }

  static RunLock acquire(String warehouse, Map<String, String> catalogProperties, boolean wait) {
    return acquire(warehouse, catalogProperties, wait, LEASE, RENEW_EVERY);
  }

  static RunLock acquire(
      String warehouse,
      Map<String, String> catalogProperties,
      boolean wait,
      Duration lease,
      Duration renewEvery) {
    return acquire(
        warehouse, catalogProperties, wait, lease, renewEvery, holder(Clock.systemUTC()));
  }

  static RunLock acquire(
      String warehouse,
      Map<String, String> catalogProperties,
      boolean wait,
      Duration lease,
      Duration renewEvery,
      String holder) {
    return acquire(
        AwsClientFactories.from(catalogProperties).s3(),
        warehouse,
        wait,
        lease,
        renewEvery,
        holder,
        Clock.systemUTC());
  }

  /**
   * Takes the lock through this client, which the lock closes.
   *
   * @param clock stamps the object's text only; leases are judged on the store's clock
   */
  static RunLock acquire(
      S3Client s3,
      String warehouse,
      boolean wait,
      Duration lease,
      Duration renewEvery,
      String holder,
      Clock clock) {
    S3LockObject object = new S3LockObject(s3, warehouse);
    while (true) {
      S3LockObject.Version created = object.put(body(holder, clock), null);
      if (created != null) {
        return new S3RunLock(object, holder, created, lease, renewEvery, clock);
      }
      S3LockObject.Held held = object.read();
      // The SDK retries a PUT whose response was lost (a connection closed under it); the retry
      // then fails its condition against the object the first attempt wrote, which is ours.
      if (held != null && held.heldBy(holder) && !held.lapsed(lease)) {
        return new S3RunLock(object, holder, held.version(), lease, renewEvery, clock);
      }
      if (held != null && held.lapsed(lease)) {
        S3LockObject.Version taken = object.put(body(holder, clock), held.etag());
        if (taken != null) {
          return new S3RunLock(object, holder, taken, lease, renewEvery, clock);
        }
      }
      if (held != null && !wait) {
        object.close();
        throw new SetupException(
            "Cannot start run: another stedi run is working on "
                + warehouse
                + " ("
                + held.text()
                + "); wait for it to finish, or pass --wait to queue behind it");
      }
      sleep(POLL);
    }
  }

  /**
   * Asks the store whether the lock is still this run's and within its lease, on the store's clock;
   * a lock once found lost stays lost.
   */
  @Override
  public void ensureHeld() {
    if (lostBecause == null) {
      try {
        S3LockObject.Held held = object.read();
        if (held == null) {
          lose("its object was deleted");
        } else if (!held.heldBy(holder)) {
          lose("another run took it over: " + held.text());
        } else if (held.lapsed(lease)) {
          lose("its lease of " + lease + " lapsed " + held.age() + " after its last renewal");
        }
      } catch (RuntimeException e) {
        lose("the store did not confirm it: " + e.getClass().getSimpleName());
      }
    }
    if (lostBecause != null) {
      throw new RunLockLost(lostBecause);
    }
  }

  @Override
  public void close() {
    // A renewal in flight must finish, not be interrupted: an aborted request may still be
    // applied by the server, writing the object again after the delete below.
    renewal.shutdown();
    try {
      renewal.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      S3LockObject.Held held = object.read();
      // Ours when it names this holder: stores differ in how they quote ETags.
      if (held != null && held.heldBy(holder)) {
        object.delete();
      }
    } finally {
      object.close();
    }
  }

  /**
   * Extends the lease, or marks the lock lost: a renewal is not retried beyond what the SDK does,
   * since the run cannot tell a failed write from one the store applied, and a run that is not sure
   * it holds the lock must not commit.
   */
  void renew() {
    if (lostBecause != null) {
      return;
    }
    String body = body(holder, clock);
    try {
      S3LockObject.Version renewed = object.put(body, version.etag());
      if (renewed == null) {
        S3LockObject.Held held = object.read();
        // An SDK retry of this very write, whose first attempt the store applied: still ours.
        if (held == null || !held.text().equals(body)) {
          lose("the store refused its renewal: another run took it over");
          return;
        }
        renewed = held.version();
      }
      Duration gap = Duration.between(version.storeTime(), renewed.storeTime());
      if (gap.compareTo(lease) >= 0) {
        lose("its lease of " + lease + " lapsed: renewed only " + gap + " after the last renewal");
        return;
      }
      version = renewed;
    } catch (RuntimeException e) {
      lose("its renewal failed: " + e.getClass().getSimpleName());
    }
  }

  /** Keeps the first reason: what followed the loss is its consequence. */
  private synchronized void lose(String reason) {
    if (lostBecause == null) {
      lostBecause = reason;
    }
  }

  private static String body(String holder, Clock clock) {
    return holder + ", lease renewed " + clock.instant();
  }

  static String holder(Clock clock) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown host";
    }
    // The token tells apart two locks one process takes within a clock tick.
    return "pid "
        + ProcessHandle.current().pid()
        + " on "
        + host
        + ", since "
        + clock.instant()
        + ", token "
        + UUID.randomUUID();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the run lock", e);
    }
  }
}
