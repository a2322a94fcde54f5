package com.stedi.lakehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;

class LakehouseSessionTest extends LakehouseTestBase {
  @Test
  void aLocalSessionWritesTheLocalDiskThroughJavaNio() throws Exception {
    FileSystem fs = FileSystem.get(warehouse.toUri(), spark.sparkContext().hadoopConfiguration());

    assertThat(fs).isInstanceOf(NioLocalFileSystem.class);
  }
}
