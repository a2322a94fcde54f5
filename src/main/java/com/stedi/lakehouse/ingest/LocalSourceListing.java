package com.stedi.lakehouse.ingest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The deliveries of a source root on local disk, listed through java.nio rather than Hadoop, which
 * follows links wherever they point, reads a FIFO as a file and skips a dangling link unseen.
 *
 * <p>A delivery is a regular file whose real path lies inside the root's real path; a symbolic link
 * to one is a delivery under the link's name. Every other {@code *.json} entry of a kind's folder
 * is refused with its reason, before anything opens it: a link that resolves outside the root (or
 * to nothing), a FIFO (opening one would wait for a writer forever), a device, a socket.
 * Directories are skipped, as before. What changes between this listing and the read (a file
 * swapped for a link meanwhile) is not caught: deliver by rename into the folder.
 */
final class LocalSourceListing {
  /** The file-type bits of a Unix mode, and the types among them. */
  private static final int TYPE_MASK = 0170000;

  private static final int FIFO = 0010000;
  private static final int CHARACTER_DEVICE = 0020000;
  private static final int BLOCK_DEVICE = 0060000;
  private static final int SOCKET = 0140000;

  /** Deliveries and refusals of one root. */
  record Listing(List<SourceFile> files, List<RefusedFile> refused) {}

  private final String root;
  private final Path rootPath;
  private final Path realRoot;
  private final List<SourceFile> files = new ArrayList<>();
  private final List<RefusedFile> refused = new ArrayList<>();

  private LocalSourceListing(String root, Path rootPath, Path realRoot) {
    this.root = root;
    this.rootPath = rootPath;
    this.realRoot = realRoot;
  }

  /**
   * Lists the kinds' folders of a local root.
   *
   * @param root the root as a URI, e.g. {@code file:/data/source}
   * @param rootPath the same root as a path
   * @throws NoSuchFileException when the root does not exist
   */
  static Listing list(String root, Path rootPath) throws IOException {
    LocalSourceListing listing = new LocalSourceListing(root, rootPath, rootPath.toRealPath());
    for (SourceKind kind : SourceKind.values()) {
      listing.listFolder(kind);
    }
    return new Listing(listing.files, listing.refused);
  }

  private void listFolder(SourceKind kind) throws IOException {
    Path folder = rootPath.resolve(kind.folder());
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.json")) {
      for (Path entry : entries) {
        vet(kind, entry);
      }
    }
  }

  private void vet(SourceKind kind, Path entry) throws IOException {
    String relative = kind.folder() + "/" + entry.getFileName();
    BasicFileAttributes own =
        Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (own.isDirectory()) {
      return;
    }
    Path real;
    try {
      real = entry.toRealPath();
    } catch (NoSuchFileException dangling) {
      refused.add(new RefusedFile(kind, relative, "a symbolic link to nothing"));
      return;
    }
    if (!real.startsWith(realRoot)) {
      String why =
          own.isSymbolicLink()
              ? "a symbolic link to a file outside the source root"
              : "a file outside the source root, reached through a linked folder";
      refused.add(new RefusedFile(kind, relative, why));
      return;
    }
    BasicFileAttributes target = Files.readAttributes(real, BasicFileAttributes.class);
    if (target.isDirectory()) {
      return;
    }
    if (!target.isRegularFile()) {
      refused.add(new RefusedFile(kind, relative, typeOf(real) + ", not a regular file"));
      return;
    }
    files.add(
        new SourceFile(
            kind,
            relative,
            root + "/" + relative,
            target.size(),
            Instant.ofEpochMilli(target.lastModifiedTime().toMillis())));
  }

  /** What a file that is not regular is, from its Unix mode where the platform gives it. */
  private static String typeOf(Path path) {
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode");
      return switch (mode & TYPE_MASK) {
        case FIFO -> "a FIFO";
        case CHARACTER_DEVICE, BLOCK_DEVICE -> "a device";
        case SOCKET -> "a socket";
        default -> "a special file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file";
    }
  }
}
