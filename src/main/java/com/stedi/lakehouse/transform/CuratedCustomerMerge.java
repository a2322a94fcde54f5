package com.stedi.lakehouse.transform;

import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.List;

/**
 * Writes curated.customer: trusted customers with at least one trusted reading. Merge key: email.
 * Rules in {@code sql/curated/customer.sql}; a rerun changes nothing.
 */
public final class CuratedCustomerMerge extends ZoneMerge {
  public CuratedCustomerMerge() {
    super(
        LakehouseTable.CURATED_CUSTOMER,
        List.of("email"),
        List.of("email"),
        null,
        List.of(LakehouseTable.LANDING_ACCELEROMETER, LakehouseTable.TRUSTED_CUSTOMER));
  }
}
