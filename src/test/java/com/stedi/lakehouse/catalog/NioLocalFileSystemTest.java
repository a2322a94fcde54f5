package com.stedi.lakehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioLocalFileSystemTest {
  @TempDir java.nio.file.Path dir;

  @Test
  void aFileAndItsChecksumGetThePermissionAskedFor() throws Exception {
    FileSystem fs = new NioLocalFileSystem();
    fs.initialize(java.net.URI.create("file:///"), new Configuration(false));
    Path file = new Path(dir.resolve("a.bin").toUri());

    try (FSDataOutputStream out =
        fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
      out.write(new byte[] {1, 2, 3});
    }
    assertThat(permissions("a.bin")).isEqualTo("rw-r-----");
    assertThat(permissions(".a.bin.crc")).isEqualTo("rw-r-----");

    fs.setPermission(file, new FsPermission((short) 0604));

    assertThat(permissions("a.bin")).isEqualTo("rw----r--");
    assertThat(permissions(".a.bin.crc")).isEqualTo("rw----r--");
    try (FSDataInputStream in = fs.open(file)) {
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void everyPermissionBitMapsToItsPosixPermission() {
    assertThat(
            PosixFilePermissions.toString(NioLocalFileSystem.posix(new FsPermission((short) 0751))))
        .isEqualTo("rwxr-x--x");
    assertThat(PosixFilePermissions.toString(NioLocalFileSystem.posix(new FsPermission((short) 0))))
        .isEqualTo("---------");
  }

  private String permissions(String file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file)));
  }
}
