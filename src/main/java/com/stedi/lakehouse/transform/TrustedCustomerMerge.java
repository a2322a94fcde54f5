package com.stedi.lakehouse.transform;

import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.List;

/**
 * Writes trusted.customer: the latest consenting record per e-mail. Merge key: email. Rules in
 * {@code sql/trusted/customer.sql}; a rerun changes nothing.
 */
public final class TrustedCustomerMerge extends ZoneMerge {
  public TrustedCustomerMerge() {
    super(
        LakehouseTable.TRUSTED_CUSTOMER,
        List.of("email"),
        List.of("email"),
        null,
        List.of(LakehouseTable.LANDING_CUSTOMER));
  }
}
