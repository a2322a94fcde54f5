package com.stedi.lakehouse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stedi.lakehouse.Deliveries;
import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.pipeline.NightlyRun;
import org.junit.jupiter.api.Test;

/** A run whose lock is lost stops before its next commit: the checks {@link NightlyRun} makes. */
class RunLockFenceTest extends LakehouseTestBase {
  private static final String LOST =
      "Cannot commit: the run lock was lost (another run took it over: pid 9 on another node);"
          + " another run may hold it; rerun once it has finished";

  @Test
  void aLockLostBeforeTheRunLandsNothing() {
    deliver("customer", "c.json", customer("ann@test.com", "s-ann", 1, true));

    assertThatThrownBy(() -> runFencedBy(new LostAfter(0)))
        .isInstanceOf(RunLockLost.class)
        .hasMessage(LOST);
    assertThat(count("landing.customer")).isZero();
    assertThat(count("trusted.customer")).isZero();
  }

  @Test
  void aLockLostAfterLandingPublishesNothing() {
    deliver(Deliveries.annWithAReading("", 1));

    assertThatThrownBy(() -> runFencedBy(new LostAfter(1)))
        .isInstanceOf(RunLockLost.class)
        .hasMessage(LOST);
    assertThat(count("landing.customer")).isEqualTo(1);
    assertThat(count("trusted.customer")).isZero();
    assertThat(count("curated.customer")).isZero();
    assertThat(rows("select status from ops.runs")).containsExactly(row("failed"));
  }

  @Test
  void aLockHeldThroughoutIsCheckedBeforeLandingPublishingAndTagging() {
    deliver("customer", "c.json", customer("ann@test.com", "s-ann", 1, true));
    LostAfter held = new LostAfter(Integer.MAX_VALUE);

    runFencedBy(held);

    assertThat(held.checks).isEqualTo(3);
    assertThat(rows("select email from trusted.customer")).containsExactly(row("ann@test.com"));
  }

  /** A lock that another run takes over after this many checks found it held. */
  private static final class LostAfter implements RunLock {
    private final int heldChecks;
    int checks;

    LostAfter(int heldChecks) {
      this.heldChecks = heldChecks;
    }

    @Override
    public void ensureHeld() {
      if (checks++ >= heldChecks) {
        throw new RunLockLost("another run took it over: pid 9 on another node");
      }
    }

    @Override
    public void close() {}
  }
}
