package com.stedi.lakehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stedi.lakehouse.Deliveries;
import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.StediCli;
import com.stedi.lakehouse.cli.ExitCode;
import com.stedi.lakehouse.ops.RunLock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Audit findings name customers and devices by pseudonym, in every place a message goes. */
class PseudonymsTest extends LakehouseTestBase {
  /** The first 8 hex digits of the plain SHA-256 of cat@test.com: what a dictionary reverses. */
  private static final String CAT_SHA_256 = "4b3f5fb7";

  private final StediCli cli = new StediCli();

  /** Ann consents and has a reading; cat does not consent. One run publishes them. */
  private void publishAnnWithAReadingAndCatWithoutConsent() {
    deliver(
        Deliveries.annWithAReading("1", 1_000)
            .customers(customer("cat@test.com", "s-cat", 1_000, false)));
    run();
  }

  @Test
  void auditFailuresNameCustomersByStablePseudonymsNeverByValueOnStderrAndInOpsRuns() {
    publishAnnWithAReadingAndCatWithoutConsent();
    // Written to main by hand, past the audits: every later run's consent audit finds them.
    spark.sql(
        "insert into trusted.accelerometer values"
            + " ('cat@test.com', 100, timestamp_millis(100), 1.0, 1.0, 1.0),"
            + " ('cat@test.com', 200, timestamp_millis(200), 1.0, 1.0, 1.0)");
    String cat = Pseudonyms.of(spark).of("user_email", "cat@test.com");
    assertThat(cat).matches("customer#[0-9a-f]{8}");

    List<String> stderr = new ArrayList<>();
    for (int night = 2; night <= 3; night++) {
      deliver(
          "accelerometer", "a" + night + ".json", accelerometer("ann@test.com", night, 1, 0, 0));
      assertThat(cli.run("run", "--warehouse", warehouse.toString(), "--source", source.toString()))
          .isEqualTo(ExitCode.FAILED);
      stderr.add(cli.err());
    }

    openLakehouse(warehouse);
    List<String> errors = new ArrayList<>();
    for (List<Object> row :
        rows("select run_id, error from ops.runs where status = 'failed' order by started_at")) {
      String runId = (String) row.get(0);
      errors.add(((String) row.get(1)).replace(runId, "RUN"));
    }
    String expected =
        "Cannot publish RUN: audit consent failed on trusted.accelerometer: 2 rows of customers"
            + " whose latest record does not consent to research (e.g. user_email="
            + cat
            + "); main is unchanged, the run's tables are on branch audit";
    assertThat(errors).containsExactly(expected, expected);
    assertThat(String.join("", stderr))
        .contains("audit consent failed on trusted.accelerometer: 2 rows", cat)
        .doesNotContain("@", "s-cat", "s-ann");
  }

  @Test
  void aCustomerHasOnePseudonymInAuditFailuresAndErasureReceipts() {
    publishAnnWithAReadingAndCatWithoutConsent();
    spark.sql(
        "insert into trusted.accelerometer values"
            + " ('cat@test.com', 100, timestamp_millis(100), 1.0, 1.0, 1.0)");
    String cat = Pseudonyms.of(spark).customer("cat@test.com");
    assertThat(cat).matches("customer#[0-9a-f]{8}").isNotEqualTo("customer#" + CAT_SHA_256);

    deliver("accelerometer", "a2.json", accelerometer("ann@test.com", 2, 1, 0, 0));
    assertThat(cli.run("run", "--warehouse", warehouse.toString(), "--source", source.toString()))
        .isEqualTo(ExitCode.FAILED);
    assertThat(cli.err()).contains("(e.g. user_email=" + cat + ")");

    assertThat(
            cli.run(
                "erasure-check", "--warehouse", warehouse.toString(), "--email", "Cat@Test.com"))
        .isEqualTo(ExitCode.FAILED);
    assertThat(cli.out().lines().findFirst())
        .contains("Subject " + cat + ": still held in trusted, curated or ops.");
    assertThat(cli.out()).doesNotContain(CAT_SHA_256);
    assertThat(
            cli.run(
                "erasure-check",
                "--warehouse",
                warehouse.toString(),
                "--email",
                "cat@test.com",
                "--format",
                "json"))
        .isEqualTo(ExitCode.FAILED);
    assertThat(cli.out()).startsWith("{\"subject\":\"" + cat + "\",\"erased\":false,");
  }

  @Test
  void eMailsInAnyFailureAreNamedByPseudonymInOpsRunsAndOnStderr() {
    deliver("customer", "c1.json", customer("ann@test.com", "s-ann", 1_000, true));
    RuntimeException castError =
        new IllegalStateException(
            "The value 'Ann@Test.com' of type \"STRING\" cannot be cast to \"BIGINT\"; so"
                + " cannot bob@test.com.");

    assertThatThrownBy(() -> runFencedBy(new FailingLock(castError))).isSameAs(castError);

    String ann = Pseudonyms.of(spark).customer("ann@test.com");
    String bob = Pseudonyms.of(spark).customer("bob@test.com");
    assertThat(rows("select status, error from ops.runs"))
        .containsExactly(
            row(
                "failed",
                "The value '"
                    + ann
                    + "' of type \"STRING\" cannot be cast to \"BIGINT\"; so cannot "
                    + bob
                    + "."));

    assertThat(cli.run("sql", "--warehouse", warehouse.toString(), "select date 'Ann@Test.com'"))
        .isEqualTo(ExitCode.INVALID);
    assertThat(cli.err())
        .isEqualTo(
            "stedi sql: Cannot run query: [INVALID_TYPED_LITERAL] The value of the typed literal"
                + " \"DATE\" is invalid: '"
                + ann
                + "'.; line 1 pos 7\n");
  }

  @Test
  void withoutALakehouseEMailsAreHidden() {
    assertThat(Pseudonyms.withoutEmails(null, "rows of ann@test.com, josé.o@exämple.org."))
        .isEqualTo("rows of customer#hidden, customer#hidden.");
    assertThat(Pseudonyms.withoutEmails(null, "Cannot read s3://b/x: Foo@1a2b"))
        .isEqualTo("Cannot read s3://b/x: Foo@1a2b");
  }

  /** A run lock whose check fails with this exception: a failure injected before landing. */
  private record FailingLock(RuntimeException failure) implements RunLock {
    @Override
    public void ensureHeld() {
      throw failure;
    }

    @Override
    public void close() {}
  }
}
