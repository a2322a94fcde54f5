package com.stedi.lakehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stedi.lakehouse.LakehouseTestBase;
import com.stedi.lakehouse.StediCli;
import com.stedi.lakehouse.catalog.LakehouseSession.ShufflePartitions;
import com.stedi.lakehouse.cli.ExitCode;
import com.stedi.lakehouse.config.ConfigSources;
import com.stedi.lakehouse.config.LakehouseConfig;
import com.stedi.lakehouse.config.SetupException;
import com.stedi.lakehouse.sql.SqlScript;
import java.util.Map;
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
                + " spark.shuffle-partitions is ignored)");
  }

  @Test
  void theSettingDecidesWhenTheSubmitterSetNoShufflePartitions() {
    ShufflePartitions chosen =
        LakehouseSession.shufflePartitions(
            LakehouseConfig.local(warehouse, 12, false), new SparkConf(false));

    assertThat(chosen).isEqualTo(new ShufflePartitions("12", false));
    assertThat(chosen.describe())
        .isEqualTo(
            "spark.sql.shuffle.partitions=12 (from the setting spark.shuffle-partitions; the"
                + " submitter did not set spark.sql.shuffle.partitions)");
  }

  @Test
  void aLocalWarehouseIsRefusedOnAClusterMaster() {
    LakehouseConfig config = LakehouseConfig.local(warehouse, 1, false);

    assertThatThrownBy(
            () ->
                LakehouseSession.requireWarehouseEveryExecutorSees(config, "spark://10.0.0.1:7077"))
        .isInstanceOf(SetupException.class)
        .hasMessage(
            "Cannot use warehouse "
                + warehouse.toUri()
                + " with master spark://10.0.0.1:7077: executors on other machines cannot see a"
                + " local folder; put it on a mount every node shares and set"
                + " warehouse.shared-mount=true, or use --profile aws with an s3:// warehouse");
    assertThatThrownBy(() -> LakehouseSession.requireWarehouseEveryExecutorSees(config, "yarn"))
        .isInstanceOf(SetupException.class);
  }

  @Test
  void aLocalWarehouseIsAcceptedOnThisMachineOrASharedMount() {
    LakehouseConfig onThisMachine = LakehouseConfig.local(warehouse, 1, false);
    LakehouseConfig sharedMount =
        LakehouseConfig.resolve(
            ConfigSources.of(
                Map.of("warehouse", warehouse.toString(), "warehouse.shared-mount", "true"),
                Map.of(),
                null),
            false);
    LakehouseConfig aws =
        LakehouseConfig.resolve(
            ConfigSources.of(Map.of("profile", "aws", "warehouse", "s3://lake/wh"), Map.of(), null),
            false);

    assertThatCode(
            () -> {
              LakehouseSession.requireWarehouseEveryExecutorSees(onThisMachine, "local[*]");
              LakehouseSession.requireWarehouseEveryExecutorSees(
                  onThisMachine, "local-cluster[2,1,1024]");
              LakehouseSession.requireWarehouseEveryExecutorSees(
                  sharedMount, "spark://10.0.0.1:7077");
              LakehouseSession.requireWarehouseEveryExecutorSees(aws, "spark://10.0.0.1:7077");
            })
        .doesNotThrowAnyException();
  }

  @Test
  void aCommandOnAClusterMasterWithALocalWarehouseFailsInOneLine() {
    StediCli cli = new StediCli();
    String previous = System.getProperty("spark.master");
    System.setProperty("spark.master", "spark://10.0.0.1:7077");
    int code;
    try {
      code = cli.run("init", "--warehouse", warehouse.toString());
    } finally {
      if (previous == null) {
        System.clearProperty("spark.master");
      } else {
        System.setProperty("spark.master", previous);
      }
    }

    assertThat(code).isEqualTo(ExitCode.INVALID);
    assertThat(cli.err().lines().toList())
        .containsExactly(
            "stedi init: Cannot use warehouse "
                + warehouse.toUri()
                + " with master spark://10.0.0.1:7077: executors on other machines cannot see a"
                + " local folder; put it on a mount every node shares and set"
                + " warehouse.shared-mount=true, or use --profile aws with an s3:// warehouse");
  }

  @Test
  void sessionsOpenedOneAfterTheOtherNameTablesWithTheirOwnPrefix() {
    LakehouseConfig glue =
        LakehouseConfig.resolve(
            ConfigSources.of(
                Map.of(
                    "profile", "aws",
                    "warehouse", "s3://lake/wh",
                    "aws.region", "us-east-1",
                    "aws.s3.endpoint", "http://127.0.0.1:1",
                    "aws.glue.database-prefix", "stedi_"),
                Map.of(),
                null),
            false);

    Namespaces onGlue = Namespaces.of(LakehouseSession.open(glue));
    String sqlOnGlue = SqlScript.load("sql/test/quoted_names.sql", Namespaces.of(spark));
    Namespaces onLocal =
        Namespaces.of(LakehouseSession.open(LakehouseConfig.local(warehouse, 1, false)));
    String sqlOnLocal = SqlScript.load("sql/test/quoted_names.sql", Namespaces.of(spark));

    assertThat(onGlue.name(LakehouseTable.TRUSTED_CUSTOMER)).isEqualTo("stedi_trusted.customer");
    assertThat(sqlOnGlue)
        .contains("select 'trusted.customer' as quoted, \"landing.customer\" as double_quoted")
        .contains("from stedi_trusted.customer as c");
    assertThat(onLocal.name(LakehouseTable.TRUSTED_CUSTOMER)).isEqualTo("trusted.customer");
    assertThat(sqlOnLocal).contains("from trusted.customer as c");
    assertThat(spark.sql("select 'trusted.customer' as quoted").first().getString(0))
        .isEqualTo("trusted.customer");
  }
}
