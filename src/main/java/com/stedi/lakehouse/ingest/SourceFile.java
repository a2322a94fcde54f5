package com.stedi.lakehouse.ingest;

/**
 * One delivered file.
 *
 * @param kind what the file holds
 * @param relativePath path under the source root, e.g. {@code customer/landing/a.json}; the
 *     identity recorded in landing lineage
 * @param location full location for the reader
 * @param checksum SHA-256 of the content, hex
 */
public record SourceFile(SourceKind kind, String relativePath, String location, String checksum) {

  public String fileName() {
    return relativePath.substring(relativePath.lastIndexOf('/') + 1);
  }

  /** The landing ledger key: a file is taken once per path and content. */
  String ledgerKey() {
    return ledgerKey(relativePath, checksum);
  }

  static String ledgerKey(String relativePath, String checksum) {
    return relativePath + '\u0000' + checksum;
  }
}
