package com.stedi.lakehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.catalog.LakehouseSession.ShufflePartitions;
import com.stedi.lakehouse.config.LakehouseConfig;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class LakehouseSessionTest extends LakehouseTestBase {
  @Test
  void aLocalSessionWritesTheLocalDiskThroughJavaNio() throws Exception {
    FileSystem fs = FileSystem.get(warehouse.toUri(), spark.sparkContext().hadoopConfiguration());

    assertThat(fs).isInstanceOf(NioLocalFileSystem.class);
  }

  @Test
  void aSessionOnASubmittedMasterUsesTheShufflePartitionsSetting() {
    String previous = System.getProperty("spark.master");
    // What spark-submit does: the master arrives as a system property, not from stedi.
    System.setProperty("spark.master", spark.sparkContext().master());
    try {
      LakehouseSession.open(LakehouseConfig.local(warehouse, 5, false));
    } finally {
      if (previous == null) {
        System.clearProperty("spark.master");
      } else {
        System.setProperty("spark.master", previous);
      }
    }

    assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo("5");
  }

  @Test
  void theSubmittersShufflePartitionsBeatTheSetting() {
    SparkConf submitted = new SparkConf(false).set("spark.sql.shuffle.partitions", "64");

    ShufflePartitions chosen =
        LakehouseSession.shufflePartitions(LakehouseConfig.local(warehouse, 5, false), submitted);

    assertThat(chosen).isEqualTo(new ShufflePartitions("64", true));
    assertThat(chosen.describe())
        .isEqualTo(
            "spark.sql.shuffle.partitions=64 (set by the submitter, so the setting"
                + " shuffle-partitions is ignored)");
  }

  @Test
  void theSettingDecidesWhenTheSubmitterSetNoShufflePartitions() {
    ShufflePartitions chosen =
        LakehouseSession.shufflePartitions(
            LakehouseConfig.local(warehouse, 12, false), new SparkConf(false));

    assertThat(chosen).isEqualTo(new ShufflePartitions("12", false));
    assertThat(chosen.describe())
        .isEqualTo(
            "spark.sql.shuffle.partitions=12 (from the setting shuffle-partitions; the submitter"
                + " did not set spark.sql.shuffle.partitions)");
  }
}
