package com.stedi.lakehouse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stedi.lakehouse.aws.S3Endpoint;
import com.stedi.lakehouse.config.SetupException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The run lock of an S3 warehouse, against an S3-compatible server over HTTP. */
class S3RunLockTest {
  private static final String WAREHOUSE = "s3://locks/wh";
  private static final Duration HOUR = Duration.ofHours(1);
  private static AutoCloseable credentials;
  private static S3Endpoint s3;
  private static Map<String, String> properties;

  @BeforeAll
  static void start() throws Exception {
    credentials = S3Endpoint.useTestCredentials();
    s3 = S3Endpoint.start();
    s3.createBucket("locks");
    properties =
        Map.of(
            "s3.endpoint", s3.uri().toString(),
            "s3.path-style-access", "true",
            "client.region", "us-east-1",
            "http-client.type", "urlconnection");
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    credentials.close();
  }

  @Test
  void aSecondHolderIsRefusedUntilTheFirstReleases() {
    RunLock first = S3RunLock.acquire(WAREHOUSE, properties, false, HOUR, HOUR);
    String holder = lockObject();

    assertThatThrownBy(() -> S3RunLock.acquire(WAREHOUSE, properties, false, HOUR, HOUR))
        .isInstanceOf(SetupException.class)
        .hasMessage(
            "Cannot start run: another stedi run is working on "
                + WAREHOUSE
                + " ("
                + holder
                + "); wait for it to finish, or pass --wait to queue behind it");
    first.close();
    assertThat(s3.keys("locks", "wh/")).isEmpty();
    S3RunLock.acquire(WAREHOUSE, properties, false, HOUR, HOUR).close();
  }

  @Test
  void theLeaseIsRenewedWhileHeldAndTheLockReleasedAfterwards() {
    RunLock lock = S3RunLock.acquire(WAREHOUSE, properties, false, HOUR, Duration.ofMillis(50));
    String first = lockObject();
    Instant deadline = Instant.now().plusSeconds(20);
    while (lockObject().equals(first) && Instant.now().isBefore(deadline)) {
      Thread.onSpinWait();
    }

    assertThat(lockObject()).isNotEqualTo(first).contains("lease renewed");
    lock.close();
    assertThat(s3.keys("locks", "wh/")).isEmpty();
  }

  @Test
  void aDeadHoldersLockIsTakenOverOnceItsLeaseRanOut() {
    s3.put("locks", "wh/" + RunLock.NAME, "pid 1 on a lost node, since 2026-01-01T00:00:00Z");

    RunLock lock = S3RunLock.acquire(WAREHOUSE, properties, false, Duration.ZERO, HOUR);

    assertThat(lockObject()).startsWith("pid " + ProcessHandle.current().pid() + " on ");
    lock.close();
    assertThat(s3.keys("locks", "wh/")).isEmpty();
  }

  @Test
  void aCreateRetriedAfterItsResponseWasLostFindsTheLockItsOwn() {
    String holder = "pid 3 on this host, since 2026-11-23T00:00:00Z, token t";
    s3.put("locks", "wh/" + RunLock.NAME, holder + ", lease renewed 2026-11-23T00:00:00Z");

    RunLock lock = S3RunLock.acquire(WAREHOUSE, properties, false, HOUR, HOUR, holder);

    lock.close();
    assertThat(s3.keys("locks", "wh/")).isEmpty();
  }

  private static String lockObject() {
    return new String(s3.get("locks", "wh/" + RunLock.NAME), StandardCharsets.UTF_8);
  }
}
