package com.stedi.lakehouse.migration;

import com.stedi.lakehouse.config.SetupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
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
  /** Where the jar carries migrations/: a path no other jar on a cluster's classpath has. */
  static final String RESOURCE_FOLDER = "com/stedi/lakehouse/migrations";

  private MigrationFiles() {}

  /** The migrations this stedi was built with, in version order. */
  public static List<Migration> bundled() {
    URL url = MigrationFiles.class.getClassLoader().getResource(RESOURCE_FOLDER);
    if (url == null) {
      throw new IllegalStateException("This stedi was built without its migrations/ folder");
    }
    return at(url);
  }

  /** The migrations of a folder given as a {@code file:} or {@code jar:file:...!/folder} URL. */
  static List<Migration> at(URL url) {
    try {
      URI uri = url.toURI();
      if (!uri.getScheme().equals("jar")) {
        return in(Path.of(uri));
      }
      String spec = uri.getRawSchemeSpecificPart();
      int separator = spec.indexOf("!/");
      Path jarFile = Path.of(new URI(spec.substring(0, separator)));
      // A file system of its own, not the JVM-wide one of the jar that another caller may close.
      try (FileSystem jar = FileSystems.newFileSystem(jarFile, (ClassLoader) null)) {
        return in(jar.getPath(spec.substring(separator + 1)));
      }
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
}
