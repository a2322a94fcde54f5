package com.stedi.lakehouse.transform;

import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.List;

/**
 * Writes trusted.step_trainer: the distinct readings of curated customers' devices. Merge key: the
 * whole reading. Rules in {@code sql/trusted/step_trainer.sql}; a rerun changes nothing.
 */
public final class TrustedStepTrainerMerge extends ZoneMerge {
  private static final List<String> KEY =
      List.of("serial_number", "sensor_reading_time", "distance_from_object");

  public TrustedStepTrainerMerge() {
    super(
        LakehouseTable.TRUSTED_STEP_TRAINER,
        KEY,
        KEY,
        "sensor_reading_at",
        List.of(LakehouseTable.LANDING_STEP_TRAINER, LakehouseTable.CURATED_CUSTOMER));
  }
}
