package com.stedi.lakehouse.maintenance;

import com.stedi.lakehouse.catalog.AuditBranch;
import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.ops.RunIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/**
 * Keeps tables fast to read and bounded in storage, with Iceberg's own Spark actions, table by
 * table:
 *
 * <ol>
 *   <li>compaction: small data files bin-packed (sensor tables rewritten in their sort order), and
 *       every file with deletes rewritten without the deleted rows, so readers merge nothing;
 *   <li>manifests rewritten;
 *   <li>tags and branches other than main whose snapshot is older than the window removed (in a
 *       purge: every one not on main's current snapshot, whatever its age), then snapshots older
 *       than the window expired (keeping the last N), which deletes the files only they referenced;
 *   <li>files no snapshot references, older than the safety window, deleted.
 * </ol>
 *
 * Safe beside a running `stedi run`: compaction commits group by group and skips a group that a
 * concurrent MERGE changed (the MERGE, in turn, retries a commit that lost to compaction), and
 * orphan deletion spares files younger than its window, which a writer may still be committing.
 */
public final class LakehouseMaintenance {
  static final String MAINTENANCE_ID_PROPERTY = "stedi.maintenance-id";

  /** Windows below which maintenance could remove what a running `stedi run` reads or writes. */
  public static final Duration SAFE_EXPIRY = Duration.ofHours(1);

  public static final Duration SAFE_ORPHAN_AGE = Duration.ofDays(1);

  /**
   * True for a purge: a window short enough to remove what a running `stedi run` needs. The caller
   * must hold the run lock; a purge then also deletes unreferenced files of any age (a killed run's
   * leftovers may hold rows of a withdrawn customer).
   */
  public static boolean isPurge(MaintenanceRequest request) {
    return request.expireOlderThan().compareTo(SAFE_EXPIRY) < 0
        || request.orphansOlderThan().compareTo(SAFE_ORPHAN_AGE) < 0;
  }

  private final SparkSession spark;
  private final Clock clock;

  public LakehouseMaintenance(SparkSession spark, Clock clock) {
    this.spark = spark;
    this.clock = clock;
  }

  public List<TableMaintenance> run(
      MaintenanceRequest request, String maintenanceId, Consumer<String> progress) {
    List<TableMaintenance> results = new ArrayList<>();
    for (LakehouseTable t : request.tables()) {
      progress.accept(
          (request.dryRun() ? "[dry run] " : "") + Namespaces.of(spark).name(t) + " ...");
      results.add(maintain(t, request, maintenanceId));
    }
    return results;
  }

  private TableMaintenance maintain(
      LakehouseTable t, MaintenanceRequest request, String maintenanceId) {
    long start = System.nanoTime();
    spark.sparkContext().setJobDescription("maintain " + t);
    Table table = IcebergTables.load(spark, t);
    TableState before = TableState.of(table);
    Long startSnapshotMillis =
        table.currentSnapshot() == null ? null : table.currentSnapshot().timestampMillis();
    TableMaintenance result =
        request.dryRun()
            ? plan(t, table, before, request, startSnapshotMillis)
            : apply(t, table, before, request, startSnapshotMillis, maintenanceId);
    return new TableMaintenance(
        t,
        before,
        result.after(),
        result.filesCompacted(),
        result.filesWritten(),
        result.snapshotsExpired(),
        result.tagsRemoved(),
        result.branchesRemoved(),
        result.orphansRemoved(),
        (System.nanoTime() - start) / 1_000_000);
  }

  private TableMaintenance apply(
      LakehouseTable t,
      Table table,
      TableState before,
      MaintenanceRequest request,
      Long startSnapshotMillis,
      String maintenanceId) {
    long compacted = 0;
    long written = 0;
    Long previousMain =
        table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId();
    if (table.currentSnapshot() != null) {
      RewriteDataFiles.Result rewrite = compaction(table, request, maintenanceId).execute();
      compacted = rewrite.rewrittenDataFilesCount();
      written = rewrite.addedDataFilesCount();
      table.refresh();
      if (TableState.of(table).deleteFiles() > 0) {
        // What compaction left: deletes of files it rewrote that it did not drop as dangling (it
        // does not, in unpartitioned tables), or of files a concurrent MERGE changed. Rewriting
        // them drops every delete whose data file is gone.
        SparkActions.get(spark)
            .rewritePositionDeletes(table)
            .option("rewrite-all", "true")
            .snapshotProperty(MAINTENANCE_ID_PROPERTY, maintenanceId)
            .execute();
        table.refresh();
      }
      SparkActions.get(spark)
          .rewriteManifests(table)
          .snapshotProperty(MAINTENANCE_ID_PROPERTY, maintenanceId)
          .execute();
      table.refresh();
    }
    // Taken now, after compaction: a purge expires compaction's own snapshots too.
    long cutoff = cutoff(request, startSnapshotMillis);
    boolean auditRemoved = AuditBranch.settle(table, previousMain, cutoff);
    StaleRefs stale = StaleRefs.of(table, cutoff, isPurge(request));
    if (!stale.isEmpty()) {
      stale.removeFrom(table.manageSnapshots()).commit();
      table.refresh();
    }
    int snapshotsBefore = TableState.of(table).snapshots();
    SparkActions.get(spark)
        .expireSnapshots(table)
        .expireOlderThan(cutoff)
        .retainLast(request.retainLast())
        .execute();
    table.refresh();
    int snapshotsAfter = TableState.of(table).snapshots();
    long orphans = orphans(table, request, null).orphanFilesCount();
    table.refresh();
    return new TableMaintenance(
        t,
        before,
        TableState.of(table),
        compacted,
        written,
        snapshotsBefore - snapshotsAfter,
        stale.tags().size(),
        stale.branches().size() + (auditRemoved ? 1 : 0),
        orphans,
        0);
  }

  /** What {@link #apply} would do, computed from metadata without committing anything. */
  private TableMaintenance plan(
      LakehouseTable t,
      Table table,
      TableState before,
      MaintenanceRequest request,
      Long startSnapshotMillis) {
    long cutoff = cutoff(request, startSnapshotMillis);
    StaleRefs stale = StaleRefs.of(table, cutoff, isPurge(request));
    Transaction draft = table.newTransaction();
    if (!stale.isEmpty()) {
      stale.removeFrom(draft.manageSnapshots()).commit();
    }
    int expired =
        draft
            .expireSnapshots()
            .expireOlderThan(cutoff)
            .retainLast(request.retainLast())
            .apply()
            .size();
    long orphans = orphans(table, request, path -> {}).orphanFilesCount();
    TableState after =
        new TableState(
            before.dataFiles(), before.deleteFiles(), before.bytes(), before.snapshots() - expired);
    return new TableMaintenance(
        t,
        before,
        after,
        compactionCandidates(table, request.targetFileSizeBytes()),
        0,
        expired,
        stale.tags().size(),
        stale.branches().size() + (AuditBranch.wouldRemove(table, cutoff) ? 1 : 0),
        orphans,
        0);
  }

  /**
   * Snapshots older than this expire. Outside a purge, the snapshot current when maintenance
   * started stays even past the window: compaction replaces it, and a run working meanwhile may
   * still be reading it. A purge (run lock held) expires it like any other.
   */
  private long cutoff(MaintenanceRequest request, Long startSnapshotMillis) {
    long cutoff = clock.millis() - request.expireOlderThan().toMillis();
    return isPurge(request) || startSnapshotMillis == null
        ? cutoff
        : Math.min(cutoff, startSnapshotMillis);
  }

  private RewriteDataFiles compaction(
      Table table, MaintenanceRequest request, String maintenanceId) {
    RewriteDataFiles rewrite = SparkActions.get(spark).rewriteDataFiles(table);
    rewrite = table.sortOrder().isSorted() ? rewrite.sort() : rewrite.binPack();
    return rewrite
        .option(
            RewriteDataFiles.TARGET_FILE_SIZE_BYTES, Long.toString(request.targetFileSizeBytes()))
        .option(RewriteDataFiles.PARTIAL_PROGRESS_ENABLED, "true")
        .option(RewriteDataFiles.REMOVE_DANGLING_DELETES, "true")
        // New files take the commit's sequence number, so the position deletes of the files they
        // replace apply to nothing and are dropped as dangling. (The starting sequence number only
        // matters for equality deletes committed meanwhile; this lakehouse writes none.)
        .option(RewriteDataFiles.USE_STARTING_SEQUENCE_NUMBER, "false")
        // Any file with a delete is rewritten: afterwards readers merge no deletes, and deleted
        // rows (a withdrawn customer's) survive only in snapshots that expiry will remove.
        .option("delete-file-threshold", "1")
        // Two small files in a partition are worth one: nightly MERGEs add a few per day.
        .option("min-input-files", "2")
        .snapshotProperty(MAINTENANCE_ID_PROPERTY, maintenanceId);
  }

  /** Data files compaction would rewrite: small ones sharing a partition, and any with deletes. */
  private static long compactionCandidates(Table table, long targetFileSize) {
    if (table.currentSnapshot() == null) {
      return 0;
    }
    long smallFile = targetFileSize * 3 / 4;
    Map<Object, long[]> smallByPartition = new java.util.HashMap<>();
    long withDeletes = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty()) {
          withDeletes++;
        } else if (task.file().fileSizeInBytes() < smallFile) {
          smallByPartition.computeIfAbsent(task.file().partition(), p -> new long[1])[0]++;
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return withDeletes
        + smallByPartition.values().stream().mapToLong(n -> n[0]).filter(n -> n >= 2).sum();
  }

  private DeleteOrphanFiles.Result orphans(
      Table table, MaintenanceRequest request, Consumer<String> deleteWith) {
    DeleteOrphanFiles action =
        SparkActions.get(spark)
            .deleteOrphanFiles(table)
            // Lists through the table's FileIO: S3 needs no Hadoop file system.
            .usePrefixListing(true)
            .olderThan(
                isPurge(request)
                    ? clock.millis()
                    : clock.millis() - request.orphansOlderThan().toMillis());
    if (deleteWith != null) {
      action = action.deleteWith(deleteWith);
    }
    return action.execute();
  }

  /**
   * The tags and branches other than main that maintenance removes: outside a purge, those whose
   * snapshot is older than the cutoff; in a purge, all of them. One on main's current snapshot
   * stays either way, since it holds nothing main does not. Every other ref is treated alike,
   * whoever made it (a run's tag, an older version's run branch, one made by hand or by a
   * migration): each keeps its snapshot's files, withdrawn customers' rows included, for as long as
   * it exists.
   *
   * <p>The {@link AuditBranch} goes by {@link AuditBranch#settle} instead: outside a purge the run
   * lock is not held, and a removal decided from what maintenance saw would also remove it from
   * under a run that moved it meanwhile.
   */
  private record StaleRefs(List<String> tags, List<String> branches) {
    static StaleRefs of(Table table, long cutoff, boolean purge) {
      List<String> tags = new ArrayList<>();
      List<String> branches = new ArrayList<>();
      Long current = table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId();
      for (Map.Entry<String, SnapshotRef> ref : table.refs().entrySet()) {
        SnapshotRef r = ref.getValue();
        if (ref.getKey().equals(SnapshotRef.MAIN_BRANCH)
            || Long.valueOf(r.snapshotId()).equals(current)
            || ref.getKey().equals(AuditBranch.NAME)) {
          continue;
        }
        Snapshot snapshot = table.snapshot(r.snapshotId());
        if (purge || snapshot == null || snapshot.timestampMillis() < cutoff) {
          (r.isTag() ? tags : branches).add(ref.getKey());
        }
      }
      return new StaleRefs(tags, branches);
    }

    boolean isEmpty() {
      return tags.isEmpty() && branches.isEmpty();
    }

    ManageSnapshots removeFrom(ManageSnapshots update) {
      tags.forEach(update::removeTag);
      branches.forEach(update::removeBranch);
      return update;
    }
  }

  /** A sortable id for one maintenance, e.g. {@code maintain-20261123T010203Z}. */
  public static String newMaintenanceId(Instant start) {
    return RunIds.of("maintain-", start);
  }
}
