package com.stedi.lakehouse.config;

/** The name and version of this stedi, from the jar's manifest ({@code dev} outside a jar). */
public final class ToolVersion {
  private ToolVersion() {}

  /** E.g. {@code stedi-lakehouse 0.1.0}: what `stedi --version` prints and history records. */
  public static String current() {
    String version = ToolVersion.class.getPackage().getImplementationVersion();
    return "stedi-lakehouse " + (version == null ? "dev" : version);
  }
}
