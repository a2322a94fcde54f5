package com.stedi.lakehouse.erasure;

import com.stedi.lakehouse.catalog.AuditBranch;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.MaintenanceSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;

/**
 * When maintenance removes each kind of holding, assuming `stedi run` then `stedi maintain` every
 * night (the cron the README gives) with the current settings:
 *
 * <ul>
 *   <li>a withdrawn customer's live rows: the next run deletes them;
 *   <li>a snapshot: expired once older than {@code maintenance.expire-older-than}; main's current
 *       one only once a later commit replaces it (compaction or a run, by the next night);
 *   <li>a tag or a branch: removed by `stedi maintain` once its head is past the window and no
 *       longer main's current snapshot, or by Iceberg past the ref's own max age; the audit branch
 *       where a failed or killed run left it, by the next run, the next night;
 *   <li>a file a snapshot references: deleted with the last snapshot referencing it;
 *   <li>a file no snapshot references: once older than {@code maintenance.orphans-older-than}.
 * </ul>
 *
 * Landing keeps raw deliveries by design, and ops its run records: never.
 */
final class Retention {
  private static final Duration NEXT_NIGHT = Duration.ofDays(1);

  private final MaintenanceSettings settings;
  private final Instant now;

  Retention(MaintenanceSettings settings, Instant now) {
    this.settings = settings;
    this.now = now;
  }

  Map<String, String> describe() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("maintenance.expire-older-than", ErasureCheck.days(settings.expireOlderThan()));
    s.put("maintenance.orphans-older-than", ErasureCheck.days(settings.orphansOlderThan()));
    s.put("maintenance.retain-last", Integer.toString(settings.retainLast()));
    s.put("schedule", "stedi run, then stedi maintain, nightly");
    return s;
  }

  OfTable of(LakehouseTable t, Table table, TableFiles files, Subject subject) {
    return new OfTable(t, table, files, subject);
  }

  /** The rules applied to one table's snapshots, refs and files. */
  final class OfTable {
    private final LakehouseTable lakehouseTable;
    private final Table table;
    private final TableFiles files;
    private final Subject subject;

    private OfTable(LakehouseTable t, Table table, TableFiles files, Subject subject) {
      this.lakehouseTable = t;
      this.table = table;
      this.files = files;
      this.subject = subject;
    }

    GoneBy live() {
      GoneBy kept = kept();
      if (kept != null) {
        return kept;
      }
      // The zone rules keep every reading of a device a consenting customer owns.
      return lakehouseTable == LakehouseTable.TRUSTED_STEP_TRAINER
              && subject.deviceSharedWithConsenting()
          ? GoneBy.SHARED_DEVICE
          : GoneBy.NEXT_RUN;
    }

    GoneBy snapshot(long id) {
      GoneBy kept = kept();
      if (kept != null) {
        return kept;
      }
      if (isCurrent(table.snapshot(id)) && live() != GoneBy.NEXT_RUN) {
        return live(); // main's current snapshot stays as long as its live rows
      }
      Instant gone = expiry(table.snapshot(id));
      for (Map.Entry<String, SnapshotRef> ref : table.refs().entrySet()) {
        if (ref.getValue().snapshotId() == id && !ref.getKey().equals("main")) {
          gone = later(gone, refRemoval(ref.getKey()));
        }
      }
      return GoneBy.maintainAfter(gone);
    }

    GoneBy ref(String name) {
      GoneBy kept = kept();
      if (kept != null) {
        return kept;
      }
      return GoneBy.maintainAfter(refRemoval(name));
    }

    /** A referenced file goes with the last snapshot that references it. */
    GoneBy file(String path) {
      GoneBy kept = kept();
      if (kept != null) {
        return kept;
      }
      Long modified = files.unreferenced.get(path);
      if (modified != null) {
        return GoneBy.maintainAfter(
            Instant.ofEpochMilli(modified).plus(settings.orphansOlderThan()));
      }
      GoneBy gone = null;
      for (Map.Entry<Long, Set<String>> s : files.bySnapshot.entrySet()) {
        if (s.getValue().contains(path)) {
          GoneBy g = snapshot(s.getKey());
          gone = gone == null ? g : GoneBy.latest(gone, g);
        }
      }
      return gone;
    }

    /** Null when maintenance removes the holding; else why it stays. */
    private GoneBy kept() {
      return switch (lakehouseTable.zone()) {
        case "landing" -> GoneBy.LANDING;
        case "ops" -> GoneBy.OPS;
        default -> subject.consentInForce() ? GoneBy.CONSENT_IN_FORCE : null;
      };
    }

    /** When expiry may remove the snapshot, refs aside. */
    private Instant expiry(Snapshot s) {
      Instant window = Instant.ofEpochMilli(s.timestampMillis()).plus(settings.expireOlderThan());
      // Main's current snapshot stays until a later commit replaces it: by the next night.
      return isCurrent(s) ? later(window, now.plus(NEXT_NIGHT)) : window;
    }

    private boolean isCurrent(Snapshot s) {
      return table.currentSnapshot() != null
          && table.currentSnapshot().snapshotId() == s.snapshotId();
    }

    /** When the ref is removed: by maintenance, its own max age or, for the audit branch, a run. */
    private Instant refRemoval(String name) {
      SnapshotRef ref = table.refs().get(name);
      Snapshot head = table.snapshot(ref.snapshotId());
      Instant made = Instant.ofEpochMilli(head.timestampMillis());
      // `stedi maintain` removes a tag or branch whose head is past the window and not current.
      Instant gone = expiry(head);
      if (ref.maxRefAgeMs() != null) {
        gone = earlier(gone, made.plusMillis(ref.maxRefAgeMs()));
      }
      if (ref.isBranch() && AuditBranch.isResetByNextRun(name)) {
        gone = earlier(gone, now.plus(NEXT_NIGHT)); // the next run resets or drops it
      }
      return gone;
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
