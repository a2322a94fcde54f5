package com.stedi.lakehouse.transform;

import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.List;

/**
 * Writes trusted.accelerometer: the distinct readings of trusted customers. Merge key: the whole
 * reading. Rules in {@code sql/trusted/accelerometer.sql}; a rerun changes nothing.
 */
public final class TrustedAccelerometerMerge extends ZoneMerge {
  private static final List<String> KEY = List.of("user_email", "reading_time", "x", "y", "z");

  public TrustedAccelerometerMerge() {
    super(
        LakehouseTable.TRUSTED_ACCELEROMETER,
        KEY,
        KEY,
        "reading_at",
        List.of(LakehouseTable.LANDING_ACCELEROMETER, LakehouseTable.TRUSTED_CUSTOMER));
  }
}
