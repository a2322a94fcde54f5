package com.stedi.lakehouse.ops;

import com.stedi.lakehouse.config.SetupException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.aws.AwsClientFactories;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The run lock of an S3 warehouse: the object {@code WAREHOUSE/run.lock}, created only if absent
 * (S3 conditional write, {@code If-None-Match: *}) and renewed every {@link #RENEW_EVERY} while
 * held, each renewal conditional on the version the holder wrote last ({@code If-Match}). A holder
 * that died (kill -9, a lost node) stops renewing it, and once its lease ({@link #LEASE}) has run
 * out the next run takes it over, again conditionally, so two runs never both win.
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
  private static final int PRECONDITION_FAILED = 412;
  private static final int CONFLICT = 409;

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final String holder;
  private final Duration lease;
  private final Clock clock;
  private final ScheduledExecutorService renewal;
  private volatile String etag;
  private volatile Instant renewedAt;
  private volatile String lostBecause;

  private S3RunLock(
      Target target,
      String holder,
      Written written,
      Duration lease,
      Duration renewEvery,
      Clock clock) {
    this.s3 = target.s3();
    this.bucket = target.bucket();
    this.key = target.key();
    this.holder = holder;
    this.lease = lease;
    this.clock = clock;
    this.etag = written.etag();
    this.renewedAt = written.storeTime();
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
    URI uri = URI.create(warehouse + "/" + RunLock.NAME);
    Target target = new Target(s3, uri.getHost(), uri.getPath().substring(1));
    while (true) {
      Written written = target.put(body(holder, clock), null);
      if (written != null) {
        return new S3RunLock(target, holder, written, lease, renewEvery, clock);
      }
      Held held = target.read();
      // The SDK retries a PUT whose response was lost (a connection closed under it); the retry
      // then fails its condition against the object the first attempt wrote, which is ours.
      if (held != null && held.heldBy(holder) && !held.lapsed(lease)) {
        return new S3RunLock(target, holder, held.written(), lease, renewEvery, clock);
      }
      if (held != null && held.lapsed(lease)) {
        written = target.put(body(holder, clock), held.etag());
        if (written != null) {
          return new S3RunLock(target, holder, written, lease, renewEvery, clock);
        }
      }
      if (held != null && !wait) {
        s3.close();
        throw new SetupException(
            "Cannot start run: another stedi run is working on "
                + warehouse
                + " ("
                + held.holder()
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
        Held held = new Target(s3, bucket, key).read();
        if (held == null) {
          lose("its object was deleted");
        } else if (!held.heldBy(holder)) {
          lose("another run took it over: " + held.holder());
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
      Held held = new Target(s3, bucket, key).read();
      // Ours when it names this holder: stores differ in how they quote ETags.
      if (held != null && held.heldBy(holder)) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
      }
    } finally {
      s3.close();
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
    Target target = new Target(s3, bucket, key);
    String body = body(holder, clock);
    try {
      Written written = target.put(body, etag);
      if (written == null) {
        Held held = target.read();
        // An SDK retry of this very write, whose first attempt the store applied: still ours.
        if (held == null || !held.text().equals(body)) {
          lose("the store refused its renewal: another run took it over");
          return;
        }
        written = held.written();
      }
      Duration gap = Duration.between(renewedAt, written.storeTime());
      if (gap.compareTo(lease) >= 0) {
        lose("its lease of " + lease + " lapsed: renewed only " + gap + " after the last renewal");
        return;
      }
      etag = written.etag();
      renewedAt = written.storeTime();
    } catch (RuntimeException e) {
      lose("its renewal failed: " + e.getClass().getSimpleName());
    }
  }

  private void lose(String reason) {
    if (lostBecause == null) {
      lostBecause = reason;
    }
  }

  private static String body(String holder, Clock clock) {
    return holder + ", lease renewed " + clock.instant();
  }

  /** The lock object of one warehouse, and the client that reaches it. */
  private record Target(S3Client s3, String bucket, String key) {

    /**
     * Writes the lock object if absent ({@code expectedEtag} null) or if it is still that version;
     * returns the new version, or null when the condition failed.
     */
    Written put(String body, String expectedEtag) {
      PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key);
      if (expectedEtag == null) {
        request.ifNoneMatch("*");
      } else {
        request.ifMatch(expectedEtag);
      }
      try {
        PutObjectResponse response = s3.putObject(request.build(), RequestBody.fromString(body));
        return new Written(response.eTag(), storeTime(response.sdkHttpResponse()));
      } catch (S3Exception e) {
        if (e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONFLICT) {
          return null;
        }
        throw e;
      }
    }

    Held read() {
      try {
        ResponseBytes<GetObjectResponse> object =
            s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        GetObjectResponse response = object.response();
        return new Held(
            object.asUtf8String().strip(),
            response.eTag(),
            response.lastModified(),
            storeTime(response.sdkHttpResponse()));
      } catch (NoSuchKeyException e) {
        return null;
      }
    }
  }

  /** The store's time of a response, from its {@code Date} header. */
  private static Instant storeTime(SdkHttpResponse response) {
    String date =
        response
            .firstMatchingHeader("Date")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Cannot judge the run lock's lease: the store sent no Date header"));
    try {
      return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalStateException(
          "Cannot judge the run lock's lease: the store's Date header '" + date + "' is not a date",
          e);
    }
  }

  /** A version of the lock object this holder wrote, and the store's time when it did. */
  private record Written(String etag, Instant storeTime) {}

  /**
   * The lock object as read.
   *
   * @param lastModified the store's time of its last write
   * @param storeNow the store's time of the read
   */
  private record Held(String text, String etag, Instant lastModified, Instant storeNow) {
    boolean heldBy(String candidate) {
      return text.startsWith(candidate + ",");
    }

    String holder() {
      return text;
    }

    Duration age() {
      return Duration.between(lastModified, storeNow);
    }

    boolean lapsed(Duration lease) {
      return age().compareTo(lease) >= 0;
    }

    Written written() {
      return new Written(etag, lastModified);
    }
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
