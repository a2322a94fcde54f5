package com.stedi.lakehouse.erasure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * The Parquet files of one table: those each snapshot references (data and delete files, read from
 * its manifests) and every Parquet file under the table's location, listed through the table's
 * FileIO, so files no snapshot references (a killed run's, or what a failed delete left) are seen
 * too. Paths are compared in one normal form ({@link #normalize}).
 */
final class TableFiles {
  /** The live files of each snapshot, by snapshot id. */
  final Map<Long, Set<String>> bySnapshot = new LinkedHashMap<>();

  /** Every referenced file, true for a delete file. */
  final Map<String, Boolean> referenced = new TreeMap<>();

  /** Files under the location that no snapshot references, with their modification time. */
  final Map<String, Long> unreferenced = new TreeMap<>();

  private final String location;

  private TableFiles(String location) {
    this.location = location;
  }

  static TableFiles of(Table table) {
    TableFiles files = new TableFiles(normalize(table.location()));
    for (Snapshot snapshot : table.snapshots()) {
      files.bySnapshot.put(snapshot.snapshotId(), files.referencedBy(table, snapshot));
    }
    if (!(table.io() instanceof SupportsPrefixOperations lister)) {
      throw new IllegalStateException(
          "Cannot list the files of " + table.name() + ": its FileIO cannot list a prefix");
    }
    for (FileInfo file : lister.listPrefix(table.location())) {
      String path = normalize(file.location());
      if (path.endsWith(".parquet") && !files.referenced.containsKey(path)) {
        files.unreferenced.put(path, file.createdAtMillis());
      }
    }
    return files;
  }

  /** A path as Hadoop prints it: {@code file:/a/b} for {@code file:///a/b}. */
  static String normalize(String path) {
    return new Path(path).toString();
  }

  /**
   * What a file is, as a holding names it: {@code data_file} or {@code delete_file} when a snapshot
   * references it, else {@code unreferenced_file}.
   */
  String kind(String path) {
    Boolean isDelete = referenced.get(path);
    return isDelete == null ? "unreferenced_file" : isDelete ? "delete_file" : "data_file";
  }

  /** The path relative to the table's location, for output. */
  String relative(String path) {
    return path.startsWith(location + "/") ? path.substring(location.length() + 1) : path;
  }

  private Set<String> referencedBy(Table table, Snapshot snapshot) {
    Set<String> paths = new HashSet<>();
    try {
      for (ManifestFile manifest : snapshot.allManifests(table.io())) {
        boolean deletes = manifest.content() == org.apache.iceberg.ManifestContent.DELETES;
        try (CloseableIterable<? extends ContentFile<?>> entries =
            deletes
                ? ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())
                : ManifestFiles.read(manifest, table.io(), table.specs())) {
          for (ContentFile<?> file : entries) {
            String path = normalize(file.location());
            paths.add(path);
            referenced.put(path, deletes);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the manifests of " + table.name(), e);
    }
    return paths;
  }
}
