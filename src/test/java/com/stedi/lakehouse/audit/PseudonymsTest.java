package com.stedi.lakehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.StediCli;
import com.stedi.lakehouse.cli.ExitCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Audit findings name customers and devices by pseudonym, in every place a message goes. */
class PseudonymsTest extends LakehouseTestBase {
  private final StediCli cli = new StediCli();

  @Test
  void auditFailuresNameCustomersByStablePseudonymsNeverByValueOnStderrAndInOpsRuns() {
    deliver(
        "customer",
        "c1.json",
        customer("ann@test.com", "s-ann", 1_000, true),
        customer("cat@test.com", "s-cat", 1_000, false));
    deliver("accelerometer", "a1.json", accelerometer("ann@test.com", 100, 1, 0, 0));
    run();
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
            + "); main is unchanged, the run's tables are on branch audit-RUN";
    assertThat(errors).containsExactly(expected, expected);
    assertThat(String.join("", stderr))
        .contains("audit consent failed on trusted.accelerometer: 2 rows", cat)
        .doesNotContain("@", "s-cat", "s-ann");
  }
}
