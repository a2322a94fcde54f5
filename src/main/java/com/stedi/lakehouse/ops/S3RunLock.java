package com.stedi.lakehouse.ops;

import com.stedi.lakehouse.config.SetupException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.aws.AwsClientFactories;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The run lock of an S3 warehouse: the object {@code WAREHOUSE/run.lock}, created only if absent
 * (S3 conditional write, {@code If-None-Match: *}) and renewed every {@link #RENEW_EVERY} while
 * held. A holder that died (kill -9, a lost node) stops renewing it, and once its lease ({@link
 * #LEASE}) has run out the next run takes it over, again conditionally ({@code If-Match} on the
 * stale version), so two runs never both win.
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
  private final ScheduledExecutorService renewal;
  private volatile String etag;

  private S3RunLock(
      S3Client s3, String bucket, String key, String holder, String etag, Duration renewEvery) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.holder = holder;
    this.etag = etag;
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
    return acquire(warehouse, catalogProperties, wait, lease, renewEvery, holder());
  }

  static RunLock acquire(
      String warehouse,
      Map<String, String> catalogProperties,
      boolean wait,
      Duration lease,
      Duration renewEvery,
      String holder) {
    URI uri = URI.create(warehouse + "/" + RunLock.NAME);
    String bucket = uri.getHost();
    String key = uri.getPath().substring(1);
    S3Client s3 = AwsClientFactories.from(catalogProperties).s3();
    while (true) {
      String etag = put(s3, bucket, key, holder, null);
      if (etag != null) {
        return new S3RunLock(s3, bucket, key, holder, etag, renewEvery);
      }
      Held held = read(s3, bucket, key);
      // The SDK retries a PUT whose response was lost (a connection closed under it); the retry
      // then fails its condition against the object the first attempt wrote, which is ours.
      if (held != null && held.heldBy(holder)) {
        return new S3RunLock(s3, bucket, key, holder, held.etag(), renewEvery);
      }
      if (held != null && held.lastModified().plus(lease).isBefore(Instant.now())) {
        etag = put(s3, bucket, key, holder, held.etag());
        if (etag != null) {
          return new S3RunLock(s3, bucket, key, holder, etag, renewEvery);
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
      Held held = read(s3, bucket, key);
      // Ours when it names this holder: stores differ in how they quote ETags.
      if (held != null && held.heldBy(holder)) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
      }
    } finally {
      s3.close();
    }
  }

  /**
   * Extends the lease. A failure is left for the next attempt (an exception would cancel the
   * schedule); a lock lost to a takeover stays lost, and the run goes on guarded by Iceberg's
   * optimistic commits, which is what keeps two writers from corrupting a table anyway.
   */
  private void renew() {
    try {
      String renewed = put(s3, bucket, key, holder, etag);
      if (renewed != null) {
        etag = renewed;
      }
    } catch (RuntimeException e) {
      // S3 unreachable for a moment: the lease outlasts several attempts
    }
  }

  /**
   * Writes the lock object if absent ({@code expectedEtag} null) or if it is still that version;
   * returns the new version, or null when the condition failed.
   */
  private static String put(S3Client s3, String bucket, String key, String holder, String etag) {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key);
    if (etag == null) {
      request.ifNoneMatch("*");
    } else {
      request.ifMatch(etag);
    }
    String body = holder + ", lease renewed " + Instant.now();
    try {
      return s3.putObject(request.build(), RequestBody.fromString(body)).eTag();
    } catch (S3Exception e) {
      if (e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONFLICT) {
        return null;
      }
      throw e;
    }
  }

  private static Held read(S3Client s3, String bucket, String key) {
    try {
      ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
      return new Held(
          object.asUtf8String().strip(),
          object.response().eTag(),
          object.response().lastModified());
    } catch (NoSuchKeyException e) {
      return null;
    }
  }

  private record Held(String holder, String etag, Instant lastModified) {
    boolean heldBy(String candidate) {
      return holder.startsWith(candidate + ",");
    }
  }

  private static String holder() {
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
        + Instant.now()
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
