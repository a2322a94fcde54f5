package com.stedi.lakehouse.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system (with its checksum files), but setting permissions through java.nio.
 * Why: without Hadoop's native library, which Maven does not ship, Hadoop sets them by running a
 * {@code chmod} process, two for every file Iceberg or Parquet writes (the file and its checksum):
 * about 200 a night and 2,500 in one test class, each a process started and waited for. The
 * permissions set are the same; the sticky and set-id bits, which Hadoop never sets on these files,
 * are left out.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The raw file system underneath, with {@link #setPermission} through java.nio. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
      } catch (UnsupportedOperationException notPosix) {
        super.setPermission(p, permission);
      }
    }
  }

  static Set<PosixFilePermission> posix(FsPermission permission) {
    return PosixFilePermissions.fromString(
        permission.getUserAction().SYMBOL
            + permission.getGroupAction().SYMBOL
            + permission.getOtherAction().SYMBOL);
  }
}
