package com.stedi.lakehouse.catalog;

import com.stedi.lakehouse.config.LakehouseConfig;
import com.stedi.lakehouse.config.Setting;
import com.stedi.lakehouse.config.SetupException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.ResolvingFileIO;
import org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.collection.JavaConverters;

/**
 * The SparkSession with the lakehouse catalog wired in as the default catalog, so tables are
 * addressed as {@code landing.customer} in every profile.
 *
 * <p>One session per JVM: opening again with another configuration re-points the catalog of the
 * existing session (as tests do), it does not start a second Spark.
 */
public final class LakehouseSession {
  static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";

  private LakehouseSession() {}

  public static SparkSession open(LakehouseConfig config) {
    Configurator.setRootLevel(config.verbose() ? Level.INFO : Level.ERROR);
    requireWarehouseEveryExecutorSees(config, new SparkConf().get("spark.master", "local[*]"));
    if (config.isLocal()) {
      prepareWarehouse(config.localWarehouse());
    }
    SparkSession spark = builder(config).getOrCreate();
    // A runtime setting, so a session opened before in this JVM takes it too.
    spark.conf().set(SHUFFLE_PARTITIONS, shufflePartitions(config).value());
    String prefix = "spark.sql.catalog." + config.catalogName();
    // A catalog opened before in this JVM (another profile) must leave no property behind.
    JavaConverters.mapAsJavaMap(spark.conf().getAll()).keySet().stream()
        .filter(key -> key.startsWith(prefix + "."))
        .toList()
        .forEach(spark.conf()::unset);
    spark.conf().set(prefix, LakehouseCatalog.class.getName());
    for (Map.Entry<String, String> e : CatalogProfile.properties(config).entrySet()) {
      spark.conf().set(prefix + "." + e.getKey(), e.getValue());
    }
    spark.conf().set("spark.sql.defaultCatalog", config.catalogName());
    // Beside the catalog it names, so a session opened before with another profile keeps none.
    Namespaces.of(config).applyTo(spark);
    // Drops catalogs already loaded in this session, so the properties above take effect.
    spark.sessionState().catalogManager().reset();
    return spark;
  }

  /**
   * Refuses a local warehouse folder on a cluster master unless the settings say that every node
   * mounts it: executors write the data files themselves, and a folder only the driver's machine
   * has would scatter a table over the nodes' local disks.
   */
  static void requireWarehouseEveryExecutorSees(LakehouseConfig config, String master) {
    // local and local-cluster run every executor on this machine.
    if (config.isLocal() && !master.startsWith("local") && !config.warehouseSharedMount()) {
      throw new SetupException(
          "Cannot use warehouse "
              + config.warehouseUri()
              + " with master "
              + master
              + ": executors on other machines cannot see a local folder; put it on a mount every"
              + " node shares and set "
              + Setting.WAREHOUSE_SHARED_MOUNT.key()
              + "=true, or use --profile aws with an s3:// warehouse");
    }
  }

  /**
   * The number of shuffle partitions a session opened with this configuration uses, and why: the
   * submitter's {@code spark.sql.shuffle.partitions} (spark-submit {@code --conf}, {@code
   * spark-defaults.conf}) beats the {@code spark.shuffle-partitions} setting, on every master.
   */
  public static ShufflePartitions shufflePartitions(LakehouseConfig config) {
    return shufflePartitions(config, new SparkConf());
  }

  static ShufflePartitions shufflePartitions(LakehouseConfig config, SparkConf submitted) {
    return submitted.contains(SHUFFLE_PARTITIONS)
        ? new ShufflePartitions(submitted.get(SHUFFLE_PARTITIONS).strip(), true)
        : new ShufflePartitions(String.valueOf(config.shufflePartitions()), false);
  }

  /**
   * The shuffle partitions of a session.
   *
   * @param value the value of {@code spark.sql.shuffle.partitions}
   * @param submitted whether the submitter set it, rather than the {@code spark.shuffle-partitions}
   *     setting
   */
  public record ShufflePartitions(String value, boolean submitted) {
    /** One line for {@code --verbose} output that says which source won. */
    public String describe() {
      return SHUFFLE_PARTITIONS
          + "="
          + value
          + (submitted
              ? " (set by the submitter, so the setting "
                  + Setting.SHUFFLE_PARTITIONS.key()
                  + " is ignored)"
              : " (from the setting "
                  + Setting.SHUFFLE_PARTITIONS.key()
                  + "; the submitter did not set "
                  + SHUFFLE_PARTITIONS
                  + ")");
    }
  }

  /**
   * A FileIO for any location the lakehouse reads beside its tables (source files): S3 through the
   * catalog's own S3 settings, local folders through Hadoop. Serializable, for Spark tasks.
   */
  public static FileIO fileIO(SparkSession spark, LakehouseConfig config) {
    ResolvingFileIO io = new ResolvingFileIO();
    io.setConf(spark.sparkContext().hadoopConfiguration());
    io.initialize(CatalogProfile.properties(config));
    return io;
  }

  private static SparkSession.Builder builder(LakehouseConfig config) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName("stedi-lakehouse");
    // On a cluster, spark-submit sets the master; only a plain `java` launch runs locally.
    if (!conf.contains("spark.master")) {
      builder
          .master("local[*]")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          // The local disk without a chmod process per file written (NioLocalFileSystem).
          .config("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
    }
    return builder
        .config("spark.sql.extensions", IcebergSparkSessionExtensions.class.getName())
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.jsonGenerator.ignoreNullFields", "false")
        // A night's scope (new readings, changed customers) is joined with whole tables:
        // broadcasting it beats shuffling the table.
        .config("spark.sql.autoBroadcastJoinThreshold", String.valueOf(64L << 20))
        // A stage's scope is persisted, and Spark cannot reuse the broadcast of a persisted view
        // to prune the partitions of the table it is joined with: by default it then drops the
        // pruning, and every night read whole tables. This lets it compute the days on its own.
        .config("spark.sql.optimizer.dynamicPartitionPruning.reuseBroadcastOnly", "false");
  }

  private static void prepareWarehouse(Path warehouse) {
    if (Files.exists(warehouse) && !Files.isDirectory(warehouse)) {
      throw new SetupException(
          "Cannot use warehouse "
              + warehouse
              + ": it is a file, not a folder; pass --warehouse naming a folder");
    }
    try {
      Files.createDirectories(warehouse);
    } catch (IOException | SecurityException e) {
      throw new SetupException(
          "Cannot use warehouse "
              + warehouse
              + ": cannot create the folder ("
              + reason(e)
              + "); create it, or pass --warehouse naming a folder you can write to");
    }
    if (!Files.isWritable(warehouse)) {
      throw new SetupException(
          "Cannot use warehouse "
              + warehouse
              + ": the folder is not writable; give this user write access, or pass --warehouse"
              + " naming a folder you can write to");
    }
  }

  private static String reason(Exception e) {
    if (e instanceof AccessDeniedException denied) {
      return "permission denied on " + denied.getFile();
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getFile() + ": " + fs.getReason().toLowerCase(Locale.ROOT);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
