package com.stedi.lakehouse;

import static com.stedi.lakehouse.LakehouseTestBase.accelerometer;
import static com.stedi.lakehouse.LakehouseTestBase.customer;
import static com.stedi.lakehouse.LakehouseTestBase.stepTrainer;

/**
 * The deliveries that many tests share, by name, so that a test says which night it delivers and
 * only a night of its own is written out record by record. Ann (device s-ann) and bob (s-bob)
 * consent; cat (s-cat) refuses. Their readings keep the values the tests were written with: ann
 * reads x, bob y, cat z.
 */
public final class Deliveries {
  private Deliveries() {}

  /** Ann and bob consent as of {@code lastUpdate}. */
  public static String[] annAndBobConsent(long lastUpdate) {
    return new String[] {
      customer("ann@test.com", "s-ann", lastUpdate, true),
      customer("bob@test.com", "s-bob", lastUpdate, true)
    };
  }

  /** Ann and bob consent and cat refuses, all as of {@code lastUpdate}. */
  public static String[] annAndBobConsentCatRefuses(long lastUpdate) {
    return new String[] {
      customer("ann@test.com", "s-ann", lastUpdate, true),
      customer("bob@test.com", "s-bob", lastUpdate, true),
      customer("cat@test.com", "s-cat", lastUpdate, false)
    };
  }

  /** One accelerometer reading each of ann (1, 0, 0) and bob (0, 1, 0) at {@code time}. */
  public static String[] readingsOfAnnAndBob(long time) {
    return new String[] {
      accelerometer("ann@test.com", time, 1, 0, 0), accelerometer("bob@test.com", time, 0, 1, 0)
    };
  }

  /** One step trainer reading each of s-ann (250) and s-bob (240) at {@code time}. */
  public static String[] stepsOfAnnAndBob(long time) {
    return new String[] {stepTrainer("s-ann", time, 250), stepTrainer("s-bob", time, 240)};
  }

  /** Ann reads at {@code first} (1, 0, 0) and {@code second} (1, 1, 0); bob and cat at first. */
  public static String[] readingsOfAnnTwiceBobAndCat(long first, long second) {
    return new String[] {
      accelerometer("ann@test.com", first, 1, 0, 0),
      accelerometer("ann@test.com", second, 1, 1, 0),
      accelerometer("bob@test.com", first, 0, 1, 0),
      accelerometer("cat@test.com", first, 0, 0, 1)
    };
  }

  /**
   * Step trainer readings at the instants of {@link #readingsOfAnnTwiceBobAndCat}, with these
   * distances: ann's first and second, bob's, cat's.
   */
  public static String[] stepsOfAnnTwiceBobAndCat(
      long first, long second, int annFirst, int annSecond, int bob, int cat) {
    return new String[] {
      stepTrainer("s-ann", first, annFirst),
      stepTrainer("s-ann", second, annSecond),
      stepTrainer("s-bob", first, bob),
      stepTrainer("s-cat", first, cat)
    };
  }

  /**
   * Ann consents as of {@code lastUpdate} and has one accelerometer reading (1, 0, 0) at 100: the
   * smallest night that publishes a customer to every zone but the machine-learning table.
   */
  public static Night annWithAReading(String number, long lastUpdate) {
    return Night.number(number)
        .customers(customer("ann@test.com", "s-ann", lastUpdate, true))
        .readings(accelerometer("ann@test.com", 100, 1, 0, 0));
  }

  /** Ann and bob consent, each with one accelerometer and one step trainer reading at 100. */
  public static Night twoConsentingCustomersWithReadings() {
    return Night.number("1")
        .customers(annAndBobConsent(1_000))
        .readings(readingsOfAnnAndBob(100))
        .steps(stepsOfAnnAndBob(100));
  }

  /**
   * Ann and bob consent, cat refuses; ann reads at 100 and 200, bob and cat at 100, and every
   * reading has its step trainer reading: 3 customers, 4 readings, 4 steps landed.
   */
  public static Night annBobAndRefusingCatWithReadings() {
    return Night.number("1")
        .customers(annAndBobConsentCatRefuses(1_000))
        .readings(readingsOfAnnTwiceBobAndCat(100, 200))
        .steps(stepsOfAnnTwiceBobAndCat(100, 200, 250, 251, 240, 230));
  }
}
