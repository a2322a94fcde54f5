package com.stedi.lakehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrustedCustomerMergeTest extends LakehouseTestBase {
  private String firstRun;

  @Override
  protected boolean oneLakehousePerClass() {
    return true;
  }

  @BeforeAll
  void deliverEveryCaseAndRunOnce() {
    openLakehouse();
    deliver(
        "customer",
        "c1.json",
        customer("Ann@Test.com", "s-ann", 2_000, true, "phone", "2222"),
        customer("ann@test.com", "s-ann", 1_000, true, "phone", "1111"),
        customer("bob@test.com", "s-bob", 1_000, true),
        customer("withdrew@test.com", "s1", 1_000, true),
        customer("withdrew@test.com", "s1", 2_000, false),
        customer("granted@test.com", "s2", 1_000, false),
        customer("granted@test.com", "s2", 2_000, true),
        customer("never@test.com", "s3", 1_000, false),
        customer("null-consent@test.com", "s4", 1_000, false, "shareWithResearchAsOfDate", null),
        customer(
            "full@test.com",
            "s5",
            5_000,
            true,
            "shareWithPublicAsOfDate",
            4_000L,
            "shareWithFriendsAsOfDate",
            null),
        json(
            "customerName",
            "No Mail",
            "serialNumber",
            "s6",
            "lastUpdateDate",
            1L,
            "shareWithResearchAsOfDate",
            1L),
        json(
            "customerName",
            "Blank Mail",
            "email",
            " ",
            "serialNumber",
            "s7",
            "lastUpdateDate",
            1L,
            "shareWithResearchAsOfDate",
            1L));
    deliver(
        "customer", "c2.json", customer("ANN@TEST.COM ", "s-ann", 3_000, true, "phone", "3333"));
    // Ties on lastUpdateDate: the withdrawals' names sort lower than the consents'.
    deliver(
        "customer",
        "t1.json",
        customer("tie@test.com", "s-tie", 1_000, true),
        customer("tie@test.com", "s-tie", 1_000, false, "customerName", "Aaron Tie"),
        customer("late@test.com", "s-late", 1_000, true));
    deliver(
        "accelerometer",
        "a1.json",
        accelerometer("tie@test.com", 100, 1, 0, 0),
        accelerometer("late@test.com", 100, 0, 1, 0));
    firstRun = run().runId();
    deliver(
        "customer",
        "t2.json",
        customer("late@test.com", "s-late", 1_000, false, "customerName", "Aaron Late"));
    run();
  }

  @Test
  void aWithdrawalTyingWithAConsentOnLastUpdateDateWins() {
    assertThat(
            rows(
                "select email from curated.customer version as of '%s'"
                    + " where email in ('tie@test.com', 'late@test.com')",
                firstRun))
        .containsExactly(row("late@test.com"));
    for (String table : List.of("trusted.customer", "curated.customer")) {
      assertThat(
              rows("select email from %s where email in ('tie@test.com', 'late@test.com')", table))
          .as(table)
          .isEmpty();
    }
    assertThat(
            rows(
                "select user_email from trusted.accelerometer"
                    + " where user_email in ('tie@test.com', 'late@test.com')"))
        .isEmpty();
  }

  @Test
  void newerRecordForTheSameEmailWinsWhateverItsCase() {
    assertThat(
            rows(
                "select email, phone, last_update_date, last_update_at from trusted.customer"
                    + " where email in ('ann@test.com', 'bob@test.com') order by email"))
        .containsExactly(
            row("ann@test.com", "3333", 3_000L, ts(3_000)),
            row("bob@test.com", "8015551212", 1_000L, ts(1_000)));
  }

  @Test
  void onlyTheLatestRecordDecidesConsent() {
    assertThat(
            rows("select email, share_with_research_as_of_date from trusted.customer order by 1"))
        .containsExactly(
            row("ann@test.com", 3_000L),
            row("bob@test.com", 1_000L),
            row("full@test.com", 5_000L),
            row("granted@test.com", 2_000L));
  }

  @Test
  void missingOptionalFieldsLandAsNulls() {
    assertThat(
            rows(
                "select email, share_with_public_as_of_date, share_with_public_at,"
                    + " share_with_friends_as_of_date, registration_at from trusted.customer"
                    + " where email in ('full@test.com', 'bob@test.com') order by email"))
        .containsExactly(
            row("bob@test.com", null, null, null, ts(1_000)),
            row("full@test.com", 4_000L, ts(4_000), null, ts(1_000)));
  }

  @Test
  void recordsWithoutEmailAreQuarantined() {
    assertThat(count("landing.customer")).isEqualTo(15);
    assertThat(rows("select line_number, reason from landing.rejects order by 1"))
        .containsExactly(row(11L, "missing email"), row(12L, "missing email"));
    assertThat(
            rows("select serial_number from trusted.customer where serial_number in ('s6', 's7')"))
        .isEmpty();
  }
}
