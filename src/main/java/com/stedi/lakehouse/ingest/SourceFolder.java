package com.stedi.lakehouse.ingest;

import com.stedi.lakehouse.config.SetupException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.util.Tasks;
import org.apache.iceberg.util.ThreadPools;

/**
 * A source root laid out as {@code customer|accelerometer|step_trainer/landing/*.json}: a local
 * folder or an S3 prefix, read through Iceberg's {@link FileIO} (the lakehouse's own S3 client and
 * settings), listed once when opened. A local folder is listed through java.nio, so that only
 * regular files inside it are deliveries ({@link LocalSourceListing}); S3 holds nothing else.
 */
public final class SourceFolder {
  private final String root;
  private final FileIO io;
  private final Map<SourceKind, List<SourceFile>> files;
  private final List<RefusedFile> refused;

  private SourceFolder(
      String root, FileIO io, Map<SourceKind, List<SourceFile>> files, List<RefusedFile> refused) {
    this.root = root;
    this.io = io;
    this.files = files;
    this.refused = refused;
  }

  /**
   * Opens and lists a source root; fails in one line when it cannot be listed or holds no files in
   * the expected folders.
   *
   * @param location a folder, a {@code file:} URI or {@code s3://bucket/prefix}
   * @param io a FileIO that supports prefix listing for the location's scheme
   */
  public static SourceFolder open(String location, FileIO io) {
    String root = normalize(location);
    Map<SourceKind, List<SourceFile>> files = new EnumMap<>(SourceKind.class);
    List<RefusedFile> refused = new ArrayList<>();
    try {
      for (SourceFile file : list(root, io, refused)) {
        files.computeIfAbsent(file.kind(), k -> new ArrayList<>()).add(file);
      }
    } catch (UncheckedIOException | IllegalArgumentException e) {
      throw new SetupException("Cannot read source " + location + ": " + rootCause(e), e);
    } catch (RuntimeException e) {
      // The store's own error (S3: a missing bucket, denied access) is named where errors are
      // reported; this adds which location was being read.
      throw new SourceUnreadableException(location, e);
    }
    if (files.isEmpty()) {
      throw new SetupException(
          "Cannot read source "
              + location
              + ": no *.json files in customer/landing, accelerometer/landing or"
              + " step_trainer/landing; point the source at the folder that holds these three");
    }
    files.values().forEach(list -> list.sort(Comparator.comparing(SourceFile::relativePath)));
    refused.sort(Comparator.comparing(RefusedFile::relativePath));
    return new SourceFolder(root, io, files, List.copyOf(refused));
  }

  /** The deliveries of a root; adds to {@code refused} the entries that are not. */
  private static List<SourceFile> list(String root, FileIO io, List<RefusedFile> refused) {
    if (root.startsWith("file:")) {
      try {
        LocalSourceListing.Listing listing = LocalSourceListing.list(root, Path.of(pathPart(root)));
        refused.addAll(listing.refused());
        return listing.files();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!(io instanceof SupportsPrefixOperations lister)) {
      throw new IllegalStateException("Cannot list " + root + ": " + io + " cannot list prefixes");
    }
    List<SourceFile> files = new ArrayList<>();
    for (FileInfo info : lister.listPrefix(root + "/")) {
      SourceFile file = sourceFile(root, info);
      if (file != null) {
        files.add(file);
      }
    }
    return files;
  }

  /** Where the source lives, as a URI. */
  public String root() {
    return root;
  }

  /** The FileIO that reads this source's files, also from Spark tasks. */
  public FileIO io() {
    return io;
  }

  /** The entries of the kinds' folders that are not deliveries, by name; none on S3. */
  public List<RefusedFile> refused() {
    return refused;
  }

  /** The refused entries of one kind's folder. */
  List<RefusedFile> refused(SourceKind kind) {
    return refused.stream().filter(f -> f.kind() == kind).toList();
  }

  /** The files of one kind, by name. */
  public List<SourceFile> files(SourceKind kind) {
    return files.getOrDefault(kind, List.of());
  }

  /**
   * SHA-256 of each file's content, hex, in the files' order, computed in Iceberg's worker pool (a
   * thread per core). Why: the driver reads every new file whole before any Spark task runs. One
   * file at a time, that used one core of the machine (a slow one under the quick JIT, which
   * compiles no SHA-256 intrinsic), and an S3 source waited for each download in turn.
   */
  public Map<SourceFile, String> checksums(List<SourceFile> files) {
    Map<SourceFile, String> computed = new ConcurrentHashMap<>();
    Tasks.foreach(files)
        .executeWith(ThreadPools.getWorkerPool())
        .stopOnFailure()
        .throwFailureWhenFinished()
        .run(file -> computed.put(file, checksum(file)));
    Map<SourceFile, String> inOrder = new LinkedHashMap<>();
    files.forEach(file -> inOrder.put(file, computed.get(file)));
    return inOrder;
  }

  /** SHA-256 of a file's content, hex. */
  private String checksum(SourceFile file) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    try (InputStream in =
        new DigestInputStream(io.newInputFile(file.location()).newStream(), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file.location(), e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The file as a source file when it sits directly in one of the kinds' folders, else null. */
  private static SourceFile sourceFile(String root, FileInfo info) {
    String relative = relativePath(root, info.location());
    for (SourceKind kind : SourceKind.values()) {
      String prefix = kind.folder() + "/";
      if (relative.startsWith(prefix)
          && relative.endsWith(".json")
          && relative.indexOf('/', prefix.length()) < 0) {
        return new SourceFile(
            kind,
            relative,
            info.location(),
            info.size(),
            Instant.ofEpochMilli(info.createdAtMillis()));
      }
    }
    return null;
  }

  private static String relativePath(String root, String location) {
    String path = pathPart(location);
    String rootPath = pathPart(root);
    return path.startsWith(rootPath + "/") ? path.substring(rootPath.length() + 1) : path;
  }

  /**
   * The path of a location without scheme and authority: Hadoop reports {@code file:/x} for {@code
   * file:///x}, and neither is URI-encoded, so compare paths, not spellings.
   */
  private static String pathPart(String location) {
    String rest = location.substring(location.indexOf(':') + 1);
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    return rest;
  }

  private static String normalize(String location) {
    String trimmed = location.strip().replaceAll("/+$", "");
    if (trimmed.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return trimmed;
    }
    return "file:" + Path.of(trimmed).toAbsolutePath().normalize();
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    if (cause instanceof java.io.FileNotFoundException
        || cause instanceof java.nio.file.NoSuchFileException) {
      return "no such folder";
    }
    return message == null ? cause.getClass().getSimpleName() : message.lines().findFirst().get();
  }
}
