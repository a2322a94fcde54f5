package com.stedi.lakehouse.catalog;

import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * The branch {@code audit} of each trusted and curated table, on which `stedi run` writes and
 * audits before it publishes (see {@code pipeline.RunBranch}). It is kept between runs at main's
 * head, so that a run's first write finds it and needs no commit to make it. Runs reset and move
 * it; maintenance only moves it along with its own commits to main, or removes it past the window,
 * by a compare-and-swap ({@link #settle}).
 */
public final class AuditBranch {
  /** The branch's name on every published table. */
  public static final String NAME = "audit";

  /**
   * The prefix of the per-run branches ({@code audit-run-…}) that runs made before the audit branch
   * was kept between runs: a run that finds one drops it.
   */
  public static final String OLD_RUN_PREFIX = "audit-run-";

  private AuditBranch() {}

  /** True for the audit branch or an older version's run branch: what the next run resets. */
  public static boolean isResetByNextRun(String ref) {
    return NAME.equals(ref) || ref.startsWith(OLD_RUN_PREFIX);
  }

  /**
   * What maintenance does with the audit branch, after its own commits to main. Where the branch
   * sat at main's previous head, it moves to the new one: else the next run would spend a commit
   * resetting it, and until then it would keep the files compaction replaced. Where a failed or
   * killed run left it and its head is older than the cutoff, it goes, as other refs past the
   * window do. A running run's write on it is newer than the cutoff, and the change is a
   * compare-and-swap of the table's metadata rather than {@code ManageSnapshots}, which re-applies
   * its change when the table moved meanwhile: a run that reset or wrote the branch in between
   * keeps it as it left it.
   *
   * @param previousMain main's head before maintenance's commits; null for an empty table
   * @param cutoff the snapshot age, in epoch milliseconds, before which refs go
   * @return true when the branch was removed
   */
  public static boolean settle(Table table, Long previousMain, long cutoff) {
    TableOperations ops = operations(table);
    TableMetadata base = ops.refresh();
    SnapshotRef audit = base.ref(NAME);
    Snapshot main = base.currentSnapshot();
    TableMetadata.Builder settled = TableMetadata.buildFrom(base);
    boolean remove = false;
    if (isOffMain(base) && previousMain != null && audit.snapshotId() == previousMain) {
      settled.setRef(NAME, SnapshotRef.builderFrom(audit, main.snapshotId()).build());
    } else if (isLeftBehind(base, cutoff)) {
      settled.removeRef(NAME);
      remove = true;
    } else {
      return false;
    }
    try {
      ops.commit(base, settled.build());
    } catch (CommitFailedException e) {
      // Another commit came first: a run's, which resets or writes the branch itself.
      remove = false;
    }
    table.refresh();
    return remove;
  }

  /** Whether {@link #settle} would remove the branch: what a dry run reports. */
  public static boolean wouldRemove(Table table, long cutoff) {
    return isLeftBehind(operations(table).current(), cutoff);
  }

  /** The branch is off main's head, and its head older than the cutoff (or expired). */
  private static boolean isLeftBehind(TableMetadata metadata, long cutoff) {
    if (!isOffMain(metadata)) {
      return false;
    }
    Snapshot head = metadata.snapshot(metadata.ref(NAME).snapshotId());
    return head == null || head.timestampMillis() < cutoff;
  }

  private static boolean isOffMain(TableMetadata metadata) {
    SnapshotRef audit = metadata.ref(NAME);
    Snapshot main = metadata.currentSnapshot();
    return audit != null && main != null && audit.snapshotId() != main.snapshotId();
  }

  private static TableOperations operations(Table table) {
    return ((HasTableOperations) table).operations();
  }
}
