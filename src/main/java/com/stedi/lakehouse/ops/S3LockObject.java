package com.stedi.lakehouse.ops;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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
 * The object {@code WAREHOUSE/run.lock} on S3: written only on a condition (absent, or still a
 * given version), and read with the store's own time, from the response's {@code Date} header, so
 * that the age of the object is measured on one clock, the store's.
 */
final class S3LockObject implements AutoCloseable {
  private static final int PRECONDITION_FAILED = 412;
  private static final int CONFLICT = 409;

  private final S3Client s3;
  private final String bucket;
  private final String key;

  /** The lock object of a warehouse, reached through this client, which {@link #close} closes. */
  S3LockObject(S3Client s3, String warehouse) {
    URI uri = URI.create(warehouse + "/" + RunLock.NAME);
    this.s3 = s3;
    this.bucket = uri.getHost();
    this.key = uri.getPath().substring(1);
  }

  /** A version of the object this process wrote, and the store's time when it did. */
  record Version(String etag, Instant storeTime) {}

  /**
   * The object as read.
   *
   * @param lastModified the store's time of its last write
   * @param storeNow the store's time of the read
   */
  record Held(String text, String etag, Instant lastModified, Instant storeNow) {
    boolean heldBy(String holder) {
      return text.startsWith(holder + ",");
    }

    /** How long ago, by the store's clock, it was last written. */
    Duration age() {
      return Duration.between(lastModified, storeNow);
    }

    boolean lapsed(Duration lease) {
      return age().compareTo(lease) >= 0;
    }

    Version version() {
      return new Version(etag, lastModified);
    }
  }

  /**
   * Writes the object if absent ({@code expectedEtag} null) or if it is still that version; returns
   * the new version, or null when the condition failed.
   */
  Version put(String body, String expectedEtag) {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key);
    if (expectedEtag == null) {
      request.ifNoneMatch("*");
    } else {
      request.ifMatch(expectedEtag);
    }
    try {
      PutObjectResponse response = s3.putObject(request.build(), RequestBody.fromString(body));
      return new Version(response.eTag(), storeTime(response.sdkHttpResponse()));
    } catch (S3Exception e) {
      if (e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONFLICT) {
        return null;
      }
      throw e;
    }
  }

  /** The object, or null when there is none. */
  Held read() {
    try {
      ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
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

  void delete() {
    s3.deleteObject(b -> b.bucket(bucket).key(key));
  }

  @Override
  public void close() {
    s3.close();
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
}
