package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.erasure.WithdrawnCustomers;
import com.stedi.lakehouse.maintenance.MaintenanceJob;
import com.stedi.lakehouse.maintenance.TableMaintenance;
import java.util.LinkedHashMap;
import java.util.Map;

/** What `stedi maintain` prints: a table of before and after per table, or one JSON object. */
final class MaintenanceView {
  private MaintenanceView() {}

  static String text(MaintenanceJob.Result result, Namespaces namespaces) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "%s%s%n%-26s %15s %15s %19s %13s %8s %5s %8s %8s %8s%n",
            result.id(),
            result.dryRun() ? " (dry run: nothing changed; counts are what would be done)" : "",
            "table",
            "data files",
            "delete files",
            "MiB",
            "snapshots",
            "compact",
            "tags",
            "branches",
            "orphans",
            "time"));
    for (TableMaintenance r : result.tables()) {
      s.append(
          String.format(
              "%-26s %15s %15s %19s %13s %8d %5d %8d %8d %6.1f s%n",
              namespaces.name(r.table()),
              r.before().dataFiles() + " -> " + r.after().dataFiles(),
              r.before().deleteFiles() + " -> " + r.after().deleteFiles(),
              String.format("%.1f -> %.1f", mib(r.before().bytes()), mib(r.after().bytes())),
              r.before().snapshots() + " -> " + r.after().snapshots(),
              r.filesCompacted(),
              r.tagsRemoved(),
              r.branchesRemoved(),
              r.orphansRemoved(),
              r.millis() / 1000.0));
    }
    if (result.withdrawn() != null) {
      s.append(result.withdrawn().summary()).append(System.lineSeparator());
    }
    return s.toString();
  }

  static Map<String, Object> json(MaintenanceJob.Result result, Namespaces namespaces) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("maintenance_id", result.id());
    doc.put("dry_run", result.dryRun());
    doc.put("tables", result.tables().stream().map(r -> json(r, namespaces)).toList());
    WithdrawnCustomers withdrawn = result.withdrawn();
    if (withdrawn != null && withdrawn.notChecked() != null) {
      doc.put("withdrawn_not_checked", withdrawn.notChecked());
    } else if (withdrawn != null) {
      doc.put("withdrawn_erased", withdrawn.erased());
      doc.put("withdrawn_held", withdrawn.held());
      doc.put("withdrawn_held_by", withdrawn.heldBy());
    }
    return doc;
  }

  private static Map<String, Object> json(TableMaintenance r, Namespaces namespaces) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("table", namespaces.name(r.table()));
    t.put("data_files_before", r.before().dataFiles());
    t.put("data_files_after", r.after().dataFiles());
    t.put("delete_files_before", r.before().deleteFiles());
    t.put("delete_files_after", r.after().deleteFiles());
    t.put("bytes_before", r.before().bytes());
    t.put("bytes_after", r.after().bytes());
    t.put("snapshots_before", r.before().snapshots());
    t.put("snapshots_after", r.after().snapshots());
    t.put("snapshots_expired", r.snapshotsExpired());
    t.put("files_compacted", r.filesCompacted());
    t.put("files_written", r.filesWritten());
    t.put("tags_removed", r.tagsRemoved());
    t.put("branches_removed", r.branchesRemoved());
    t.put("orphans_removed", r.orphansRemoved());
    t.put("millis", r.millis());
    return t;
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
