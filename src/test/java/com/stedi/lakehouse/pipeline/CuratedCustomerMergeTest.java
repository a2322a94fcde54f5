package com.stedi.lakehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import org.junit.jupiter.api.Test;

class CuratedCustomerMergeTest extends LakehouseTestBase {

  @Test
  void keepsTrustedCustomersWithAtLeastOneTrustedReading() {
    deliver(
        "customer",
        "c.json",
        customer("reader@test.com", "s1", 1, true),
        customer("silent@test.com", "s2", 1, true),
        customer("private@test.com", "s3", 1, false));
    deliver(
        "accelerometer",
        "a.json",
        accelerometer("reader@test.com", 100, 1, 1, 1),
        accelerometer("private@test.com", 100, 1, 1, 1));

    run();

    assertThat(rows("select email from trusted.customer order by email"))
        .containsExactly(row("reader@test.com"), row("silent@test.com"));
    assertThat(rows("select email, serial_number from curated.customer"))
        .containsExactly(row("reader@test.com", "s1"));
  }
}
