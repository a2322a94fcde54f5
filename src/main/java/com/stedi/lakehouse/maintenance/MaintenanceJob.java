package com.stedi.lakehouse.maintenance;

import com.stedi.lakehouse.config.MaintenanceSettings;
import com.stedi.lakehouse.erasure.ErasureCheck;
import com.stedi.lakehouse.erasure.WithdrawnCustomers;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * One `stedi maintain` from start to end: every table asked for maintained ({@link
 * LakehouseMaintenance}) and, after a purge, what it achieved for the customers who withdrew. The
 * caller holds the run lock when {@link #needsRunLock} says so.
 */
public final class MaintenanceJob {
  private final SparkSession spark;
  private final MaintenanceSettings settings;
  private final Clock clock;
  private final Consumer<String> progress;

  /**
   * @param settings the maintenance settings in force, which date what a withdrawn customer's
   *     remaining holdings wait for
   */
  public MaintenanceJob(
      SparkSession spark, MaintenanceSettings settings, Clock clock, Consumer<String> progress) {
    this.spark = spark;
    this.clock = clock;
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * What one maintenance did.
   *
   * @param id the maintenance id, as recorded in the snapshots it committed
   * @param dryRun whether the counts are only what would be done
   * @param tables per table, in the order maintained
   * @param withdrawn after a purge, what it achieved for the customers who withdrew; else null
   */
  public record Result(
      String id, boolean dryRun, List<TableMaintenance> tables, WithdrawnCustomers withdrawn) {}

  /**
   * True when the request must run under the warehouse's run lock, waiting for a running `stedi
   * run`: a purge removes what such a run needs. A dry run changes nothing and needs no lock.
   */
  public static boolean needsRunLock(MaintenanceRequest request) {
    return LakehouseMaintenance.isPurge(request) && !request.dryRun();
  }

  public Result run(MaintenanceRequest request, String id) {
    List<TableMaintenance> tables =
        new LakehouseMaintenance(spark, clock).run(request, id, progress);
    WithdrawnCustomers withdrawn =
        needsRunLock(request)
            ? new ErasureCheck(spark, settings, clock).withdrawnCustomers()
            : null;
    return new Result(id, request.dryRun(), tables, withdrawn);
  }
}
