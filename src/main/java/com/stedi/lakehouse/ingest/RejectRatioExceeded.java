package com.stedi.lakehouse.ingest;

import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.SetupException;
import java.util.Locale;

/** A file with more rejected lines than the run allows: the run lands and publishes nothing. */
public final class RejectRatioExceeded extends SetupException {
  private static final long serialVersionUID = 1L;

  RejectRatioExceeded(Delivery.FileLines file, double maxRejectRatio, String firstReason) {
    super(
        String.format(
            Locale.ROOT,
            "Cannot ingest %s: %d of %d lines rejected (%.1f%%), over the %.1f%% that"
                + " --max-reject-ratio %s allows (first: %s); the rejected lines are in %s,"
                + " nothing was landed or published",
            file.file(),
            file.rejected(),
            file.lines(),
            100 * file.rejectedShare(),
            100 * maxRejectRatio,
            stripZeros(maxRejectRatio),
            firstReason,
            LakehouseTable.LANDING_REJECTS.logicalName()));
  }

  private static String stripZeros(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
