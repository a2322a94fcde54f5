package com.stedi.lakehouse.ingest;

import java.time.Instant;

/**
 * One delivered file, as listed.
 *
 * @param kind what the file holds
 * @param relativePath path under the source root, e.g. {@code customer/landing/a.json}; the
 *     identity recorded in landing lineage
 * @param location full location for the reader
 * @param size bytes
 * @param modifiedAt last modification time, as the file system reports it
 */
public record SourceFile(
    SourceKind kind, String relativePath, String location, long size, Instant modifiedAt) {

  public String fileName() {
    return relativePath.substring(relativePath.lastIndexOf('/') + 1);
  }

  /** Same path, size and modification time: taken to be the same content without reading it. */
  String listingKey() {
    return listingKey(relativePath, size, modifiedAt);
  }

  static String listingKey(String relativePath, long size, Instant modifiedAt) {
    return relativePath + '\u0000' + size + '\u0000' + modifiedAt.toEpochMilli();
  }
}
