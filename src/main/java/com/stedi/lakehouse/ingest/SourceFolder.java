package com.stedi.lakehouse.ingest;

import com.stedi.lakehouse.config.SetupException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A source root laid out as {@code customer|accelerometer|step_trainer/landing/*.json}, on any file
 * system Hadoop reaches (a local folder now, S3 later).
 */
public final class SourceFolder {
  private final Path root;
  private final FileSystem fs;

  private SourceFolder(Path root, FileSystem fs) {
    this.root = root;
    this.fs = fs;
  }

  /** Opens a source root; fails in one line when it is missing or has none of the folders. */
  public static SourceFolder open(String location, Configuration hadoopConf) {
    try {
      Path root = new Path(location);
      FileSystem fs = root.getFileSystem(hadoopConf);
      root = fs.makeQualified(root);
      if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
        throw new SetupException("Cannot read source " + location + ": no such folder");
      }
      SourceFolder source = new SourceFolder(root, fs);
      if (Arrays.stream(SourceKind.values()).noneMatch(source::hasFolder)) {
        throw new SetupException(
            "Cannot read source "
                + location
                + ": expected customer/landing, accelerometer/landing or step_trainer/landing"
                + " folders of *.json files");
      }
      return source;
    } catch (IOException e) {
      throw new SetupException("Cannot read source " + location + ": " + e.getMessage(), e);
    }
  }

  /** The files of one kind, by name. */
  public List<SourceFile> files(SourceKind kind) {
    try {
      FileStatus[] found = fs.globStatus(new Path(root, kind.folder() + "/*.json"));
      List<SourceFile> files = new ArrayList<>();
      if (found == null) {
        return files;
      }
      Arrays.sort(found, Comparator.comparing(s -> s.getPath().getName()));
      for (FileStatus status : found) {
        if (status.isFile()) {
          String relative = kind.folder() + "/" + status.getPath().getName();
          files.add(
              new SourceFile(
                  kind,
                  relative,
                  status.getPath().toString(),
                  status.getLen(),
                  Instant.ofEpochMilli(status.getModificationTime())));
        }
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + kind.folder() + " under " + root, e);
    }
  }

  private boolean hasFolder(SourceKind kind) {
    try {
      Path folder = new Path(root, kind.folder());
      return fs.exists(folder) && fs.getFileStatus(folder).isDirectory();
    } catch (IOException e) {
      return false;
    }
  }

  /** SHA-256 of a file's content, hex. */
  public String checksum(SourceFile file) {
    try {
      return sha256(new Path(file.location()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file.location(), e);
    }
  }

  private String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    try (InputStream in = new DigestInputStream(fs.open(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
