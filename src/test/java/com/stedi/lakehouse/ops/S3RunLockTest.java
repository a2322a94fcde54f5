package com.stedi.lakehouse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stedi.lakehouse.aws.S3Endpoint;
import com.stedi.lakehouse.aws.StoreFaults;
import com.stedi.lakehouse.config.SetupException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The run lock of an S3 warehouse, against an S3-compatible server over HTTP. */
class S3RunLockTest {
  private static final String WAREHOUSE = "s3://locks/wh";
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration LEASE = Duration.ofMinutes(10);
  private static final String LOST = "Cannot commit: the run lock was lost (";
  private static final String MAY_HOLD_IT =
      "); another run may hold it; rerun once it has finished";
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

  /** A test that failed before its close leaves no lock behind for the next one. */
  @AfterEach
  void removeTheLock() {
    s3.client().deleteObject(b -> b.bucket("locks").key("wh/" + RunLock.NAME));
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

  @Test
  void aRenewalWhoseResponseIsLostStopsTheHolderBeforeItsNextCommit() {
    StoreFaults faults = new StoreFaults();
    S3RunLock lock = faultyLock(faults, LEASE, Clock.systemUTC());
    lock.ensureHeld();

    faults.dropWriteResponses();
    lock.renew();

    assertThatThrownBy(lock::ensureHeld)
        .isInstanceOf(RunLockLost.class)
        .hasMessage(LOST + "its renewal failed: SdkClientException" + MAY_HOLD_IT);
    lock.close();
    assertThat(s3.keys("locks", "wh/")).isEmpty();
  }

  @Test
  void aRenewalRefusedWithPreconditionFailedStopsTheHolder() {
    S3RunLock lock = faultyLock(new StoreFaults(), LEASE, Clock.systemUTC());
    String taker = "pid 9 on another node, since 2026-11-25T00:00:00Z, token t";
    s3.put("locks", "wh/" + RunLock.NAME, taker + ", lease renewed 2026-11-25T00:00:00Z");

    lock.renew();

    assertThatThrownBy(lock::ensureHeld)
        .isInstanceOf(RunLockLost.class)
        .hasMessage(LOST + "the store refused its renewal: another run took it over" + MAY_HOLD_IT);
    lock.close();
    assertThat(lockObject()).startsWith(taker);
  }

  @Test
  void aLockTakenOverBeforeTheNextRenewalIsFoundLostAtTheCommitCheck() {
    S3RunLock lock = faultyLock(new StoreFaults(), LEASE, Clock.systemUTC());
    String taker = "pid 9 on another node, since 2026-11-25T00:00:00Z, token t";
    s3.put("locks", "wh/" + RunLock.NAME, taker + ", lease renewed 2026-11-25T00:00:00Z");

    assertThatThrownBy(lock::ensureHeld)
        .isInstanceOf(RunLockLost.class)
        .hasMessage(
            LOST
                + "another run took it over: "
                + taker
                + ", lease renewed 2026-11-25T00:00:00Z"
                + MAY_HOLD_IT);
    lock.close();
  }

  @Test
  void aPauseLongerThanTheLeaseStopsTheHolderEvenWithItsClockBehind() {
    StoreFaults faults = new StoreFaults();
    S3RunLock lock = faultyLock(faults, LEASE, skewed(HOUR.negated()));

    // Two hours pass for the store while the holder sleeps; its own clock is an hour slow.
    faults.storeClockAhead(Duration.ofHours(2));

    assertThatThrownBy(lock::ensureHeld)
        .isInstanceOf(RunLockLost.class)
        .hasMessageMatching(
            "\\QCannot commit: the run lock was lost (its lease of PT10M lapsed PT2H\\E(1S)?"
                + "\\Q after its last renewal); another run may hold it; rerun once it has"
                + " finished\\E");
    lock.close();
  }

  /**
   * Also when the renewal's response is lost: the store applied it, the SDK's retry is refused by
   * it, and the lock reads it back as its own, with the time the store wrote it.
   */
  @ParameterizedTest(name = "response lost: {0}")
  @ValueSource(booleans = {false, true})
  void aRenewalAfterThePauseFindsTheLeaseLapsed(boolean responseLost) {
    StoreFaults faults = new StoreFaults();
    S3RunLock lock = faultyLock(faults, LEASE, Clock.systemUTC());
    faults.storeClockAhead(Duration.ofHours(2));
    if (responseLost) {
      faults.dropNextWriteResponse();
    }

    lock.renew();

    assertThatThrownBy(lock::ensureHeld)
        .isInstanceOf(RunLockLost.class)
        .hasMessageStartingWith(LOST + "its lease of PT10M lapsed: renewed only PT2H");
    lock.close();
  }

  @Test
  void aTakerWhoseClockIsAnHourAheadDoesNotStealALiveLock() {
    S3RunLock holder = faultyLock(new StoreFaults(), LEASE, Clock.systemUTC());

    assertThatThrownBy(() -> faultyLock(new StoreFaults(), LEASE, skewed(HOUR)))
        .isInstanceOf(SetupException.class)
        .hasMessageStartingWith("Cannot start run: another stedi run is working on " + WAREHOUSE);
    holder.ensureHeld();
    holder.close();
  }

  @Test
  void aTakerWhoseClockIsAnHourBehindTakesOverADeadLock() {
    s3.put("locks", "wh/" + RunLock.NAME, "pid 1 on a lost node, since 2026-11-25T00:00:00Z");
    StoreFaults faults = new StoreFaults();
    // The dead holder wrote the object two hours ago by the store's clock.
    faults.storeClockAhead(Duration.ofHours(2));

    S3RunLock lock = faultyLock(faults, LEASE, skewed(HOUR.negated()));

    assertThat(lockObject()).startsWith("pid " + ProcessHandle.current().pid() + " on ");
    lock.close();
    assertThat(s3.keys("locks", "wh/")).isEmpty();
  }

  /** A lock that renews only when the test says so, through a client meeting these faults. */
  private static S3RunLock faultyLock(StoreFaults faults, Duration lease, Clock clock) {
    return (S3RunLock)
        S3RunLock.acquire(
            s3.client(faults), WAREHOUSE, false, lease, HOUR, S3RunLock.holder(clock), clock);
  }

  private static Clock skewed(Duration offset) {
    return Clock.offset(Clock.systemUTC(), offset);
  }

  private static String lockObject() {
    return new String(s3.get("locks", "wh/" + RunLock.NAME), StandardCharsets.UTF_8);
  }
}
