package com.stedi.lakehouse.aws;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * What can go wrong between a client and {@link S3Endpoint}, switched on by a test: the responses
 * to writes lost after the store applied them, or the store's clock jumped ahead, as after a pause
 * of the client: every response's {@code Date}, and the {@code Last-Modified} of every object
 * written since the jump, read that far ahead.
 */
public final class StoreFaults implements ExecutionInterceptor {
  private volatile boolean dropWriteResponses;
  private volatile boolean dropNextWriteResponse;
  private volatile Duration storeClockAhead = Duration.ZERO;
  private volatile Instant jumpedAt = Instant.MAX;

  /** From now on every PUT reaches the store, and its response is lost on the way back. */
  public void dropWriteResponses() {
    dropWriteResponses = true;
  }

  /** The next PUT reaches the store, and its response is lost; the SDK's retry then meets it. */
  public void dropNextWriteResponse() {
    dropNextWriteResponse = true;
  }

  /**
   * From now on the store's clock reads this far ahead. Waits for the next whole second first:
   * {@code Last-Modified} counts whole seconds, and must tell the writes before the jump from those
   * after it.
   */
  public void storeClockAhead(Duration ahead) {
    Instant now = Instant.now();
    Instant nextSecond = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    sleep(Duration.between(now, nextSecond));
    jumpedAt = nextSecond;
    storeClockAhead = ahead;
  }

  @Override
  public void afterTransmission(
      Context.AfterTransmission context, ExecutionAttributes executionAttributes) {
    boolean dropThis = dropWriteResponses || dropNextWriteResponse;
    if (dropThis && context.httpRequest().method() == SdkHttpMethod.PUT) {
      dropNextWriteResponse = false;
      // What the SDK throws when the connection closes before the response arrives.
      throw SdkClientException.create(
          "Unable to execute HTTP request: Connection reset", new IOException("Connection reset"));
    }
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(
      Context.ModifyHttpResponse context, ExecutionAttributes executionAttributes) {
    SdkHttpResponse response = context.httpResponse();
    if (storeClockAhead.isZero()) {
      return response;
    }
    SdkHttpResponse.Builder ahead = response.toBuilder();
    response
        .firstMatchingHeader("Date")
        .ifPresent(date -> ahead.putHeader("Date", format(parse(date).plus(storeClockAhead))));
    response
        .firstMatchingHeader("Last-Modified")
        .map(StoreFaults::parse)
        .filter(written -> !written.isBefore(jumpedAt))
        .ifPresent(
            written -> ahead.putHeader("Last-Modified", format(written.plus(storeClockAhead))));
    return ahead.build();
  }

  private static Instant parse(String httpDate) {
    return ZonedDateTime.parse(httpDate, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
  }

  private static String format(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis() + 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
