package com.stedi.lakehouse.erasure;

import com.stedi.lakehouse.sql.SqlScript;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * What a purge achieved for the customers who withdrew consent.
 *
 * @param erased withdrawn customers nothing in trusted, curated or ops holds any more
 * @param held withdrawn customers still held somewhere there
 * @param heldBy the held ones counted by the first place holding each, e.g. {@code trusted.customer
 *     branch}: the reason they are held
 */
public record WithdrawnCustomers(long erased, long held, Map<String, Long> heldBy) {

  /** E-mails (normalised) whose latest landing record withdraws a consent an earlier one gave. */
  static List<String> emails(SparkSession spark) {
    return spark.sql(SqlScript.load("sql/erasure/withdrawn_customers.sql")).collectAsList().stream()
        .map(r -> r.getString(0))
        .toList();
  }
}
