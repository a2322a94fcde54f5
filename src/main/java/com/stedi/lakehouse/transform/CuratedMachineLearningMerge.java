package com.stedi.lakehouse.transform;

import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.List;

/**
 * Writes curated.machine_learning: step trainer readings paired with the owner's accelerometer
 * readings at the same instant. Merge key: the whole row. Rules in {@code
 * sql/curated/machine_learning.sql}, which reads the instants in scope with their owner from {@code
 * sql/curated/machine_learning.owned_instants.sql}; a rerun changes nothing.
 */
public final class CuratedMachineLearningMerge extends ZoneMerge {
  private static final List<String> KEY =
      List.of("serial_number", "sensor_reading_time", "distance_from_object", "x", "y", "z");

  public CuratedMachineLearningMerge() {
    super(
        LakehouseTable.CURATED_MACHINE_LEARNING,
        KEY,
        List.of("serial_number", "sensor_reading_time"),
        "sensor_reading_at",
        List.of(
            LakehouseTable.LANDING_STEP_TRAINER,
            LakehouseTable.LANDING_ACCELEROMETER,
            LakehouseTable.CURATED_CUSTOMER));
  }

  @Override
  protected List<String> stagedViews() {
    return List.of("owned_instants");
  }
}
