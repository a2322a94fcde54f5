package com.stedi.lakehouse.migration;

import com.stedi.lakehouse.config.SetupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the migrations: the {@code migrations/} folder the jar carries, or a folder on disk. Every
 * {@code .sql} file must be named {@code V<NNN>__<description>.sql}, and no two may share a
 * version; other files (a README) are ignored.
 */
public final class MigrationFiles {
  static final String RESOURCE_FOLDER = "migrations";

  private MigrationFiles() {}

  /** The migrations this stedi was built with, in version order. */
  public static List<Migration> bundled() {
    URL url = MigrationFiles.class.getClassLoader().getResource(RESOURCE_FOLDER);
    if (url == null) {
      throw new IllegalStateException("This stedi was built without its migrations/ folder");
    }
    try {
      URI uri = url.toURI();
      if (!uri.getScheme().equals("jar")) {
        return in(Path.of(uri));
      }
      return inJar(uri);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the bundled migrations: " + url, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the bundled migrations in " + url, e);
    }
  }

  /** The migrations of a folder, in version order. */
  public static List<Migration> in(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new SetupException("Cannot read migrations: " + folder + " is not a folder");
    }
    List<Migration> migrations = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".sql")) {
          migrations.add(Migration.of(name, Files.readString(file, StandardCharsets.UTF_8)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read migrations in " + folder, e);
    }
    migrations.sort(Comparator.comparingInt(Migration::version));
    refuseSharedVersions(migrations);
    return List.copyOf(migrations);
  }

  private static void refuseSharedVersions(List<Migration> migrations) {
    Map<Integer, Migration> byVersion = new HashMap<>();
    for (Migration m : migrations) {
      Migration other = byVersion.putIfAbsent(m.version(), m);
      if (other != null) {
        throw new SetupException(
            "Cannot use migrations "
                + other.script()
                + " and "
                + m.script()
                + ": both are version "
                + m.label()
                + "; give one the next free version");
      }
    }
  }

  private static List<Migration> inJar(URI uri) throws IOException {
    FileSystem jar;
    try {
      jar = FileSystems.newFileSystem(uri, Map.of());
    } catch (FileSystemAlreadyExistsException e) {
      // Someone else opened the jar's file system and closes it.
      return in(FileSystems.getFileSystem(uri).getPath("/" + RESOURCE_FOLDER));
    }
    try (jar) {
      return in(jar.getPath("/" + RESOURCE_FOLDER));
    }
  }
}
