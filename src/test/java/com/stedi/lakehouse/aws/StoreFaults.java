package com.stedi.lakehouse.aws;

import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * What can go wrong between a client and {@link S3Endpoint}, switched on by a test: the responses
 * to writes lost after the store applied them, or the store's clock ({@code Date} header) ahead of
 * what it was, as after a pause of the client.
 */
public final class StoreFaults implements ExecutionInterceptor {
  private volatile boolean dropWriteResponses;
  private volatile Duration storeClockAhead = Duration.ZERO;

  /** From now on every PUT reaches the store, and its response is lost on the way back. */
  public void dropWriteResponses() {
    dropWriteResponses = true;
  }

  /** From now on every response's {@code Date} is this far ahead of the store's clock. */
  public void storeClockAhead(Duration ahead) {
    storeClockAhead = ahead;
  }

  @Override
  public void afterTransmission(
      Context.AfterTransmission context, ExecutionAttributes executionAttributes) {
    if (dropWriteResponses && context.httpRequest().method() == SdkHttpMethod.PUT) {
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
    return response
        .firstMatchingHeader("Date")
        .map(
            date ->
                response.toBuilder()
                    .putHeader(
                        "Date",
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .plus(storeClockAhead)
                                .withZoneSameInstant(ZoneOffset.UTC)))
                    .build())
        .orElse(response);
  }
}
