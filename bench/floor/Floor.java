import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.days;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_millis;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.metrics.CommitReport;
import org.apache.iceberg.metrics.MetricsReport;
import org.apache.iceberg.metrics.MetricsReporter;
import org.apache.iceberg.metrics.ScanReport;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The floor of issue 20 (bench only, not the product): the least an incremental readings-only
 * night of stedi's shape can do with Spark + Iceberg in a fresh JVM, to set beside the peer's full
 * recompute. bench/floor.sh builds and times it.
 *
 * <pre>
 *   Floor load  SRC WH   every non-delta landing JSON -> 3 landing tables, trusted.customer,
 *                        trusted.accelerometer, curated.customer, trusted.step_trainer,
 *                        curated.machine_learning (the peer's logic; readings tables partitioned
 *                        by day of the reading time, as stedi's ddl/)
 *   Floor night SRC WH   only the files whose name holds "delta": one append commit to each of
 *                        landing.accelerometer, landing.step_trainer, trusted.accelerometer,
 *                        trusted.step_trainer, curated.machine_learning, then one count query
 *                        over what was appended. No ledger, positions, branches, MERGE or audits.
 * </pre>
 *
 * <p>Session as stedi's LakehouseSession (local[*], 8 shuffle partitions, UTC, broadcast joins up
 * to 64 MiB, NioLocalFileSystem) but a Hadoop catalog and no Iceberg SQL extensions (appends need
 * neither). Prints one "phase" line per step with its wall milliseconds and the Spark jobs it ran.
 */
public final class Floor {
  // The landing files' fields, as the peer reads them (a Glue table's fixed schema).
  static final StructType CUSTOMER =
      StructType.fromDDL(
          "customerName STRING, email STRING, phone STRING, birthDay STRING, serialNumber STRING,"
              + " registrationDate BIGINT, lastUpdateDate BIGINT, shareWithResearchAsOfDate BIGINT,"
              + " shareWithPublicAsOfDate BIGINT, shareWithFriendsAsOfDate BIGINT");
  static final StructType ACCELEROMETER =
      StructType.fromDDL("user STRING, timestamp BIGINT, x DOUBLE, y DOUBLE, z DOUBLE");
  static final StructType STEP_TRAINER =
      StructType.fromDDL("sensorReadingTime BIGINT, serialNumber STRING, distanceFromObject INT");

  private final SparkSession spark;
  private final Path source;
  private final AtomicInteger jobs = new AtomicInteger();
  private long mark = System.nanoTime();
  private int jobsAtMark;

  private Floor(SparkSession spark, Path source) {
    this.spark = spark;
    this.source = source;
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        jobs.incrementAndGet();
      }
    });
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3 || !List.of("load", "night", "counts").contains(args[0])) {
      System.err.println("usage: Floor load|night|counts SOURCE_DIR WAREHOUSE_DIR");
      System.exit(2);
    }
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    phaseLine("jvm-to-main", System.currentTimeMillis() - jvmStart, 0);
    long t0 = System.nanoTime();
    SparkSession spark = session(Path.of(args[2]).toAbsolutePath());
    phaseLine("spark-session", (System.nanoTime() - t0) / 1_000_000, 0);
    Floor floor = new Floor(spark, Path.of(args[1]).toAbsolutePath());
    switch (args[0]) {
      case "load" -> floor.load();
      case "night" -> floor.night();
      default -> floor.counts();
    }
    floor.phase("total-after-session", t0, 0);
    long ts = System.nanoTime();
    spark.stop();
    phaseLine("spark-stop", (System.nanoTime() - ts) / 1_000_000, 0);
  }

  static SparkSession session(Path warehouse) {
    return SparkSession.builder()
        .appName("stedi-floor")
        .master("local[*]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.hadoop.fs.file.impl", "com.stedi.lakehouse.catalog.NioLocalFileSystem")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.autoBroadcastJoinThreshold", String.valueOf(64L << 20))
        .config("spark.sql.catalog.lake", "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog.lake.type", "hadoop")
        .config("spark.sql.catalog.lake.warehouse", warehouse.toUri().toString())
        .config("spark.sql.catalog.lake.metrics-reporter-impl", Reporter.class.getName())
        .config("spark.sql.defaultCatalog", "lake")
        .getOrCreate();
  }

  // ---- load: the peer's five jobs, into Iceberg --------------------------------------------

  private void load() throws Exception {
    for (String ns : List.of("landing", "trusted", "curated")) {
      spark.sql("create namespace if not exists " + ns);
    }
    create(customers(json("customer", CUSTOMER, false)), "landing.customer", null);
    create(readings(json("accelerometer", ACCELEROMETER, false)), "landing.accelerometer", "reading_at");
    create(steps(json("step_trainer", STEP_TRAINER, false)), "landing.step_trainer", "sensor_reading_at");
    create(
        spark.table("landing.customer").where("share_with_research_as_of_date is not null"),
        "trusted.customer",
        null);
    create(
        trustedReadings(spark.table("landing.accelerometer")), "trusted.accelerometer", "reading_at");
    Dataset<Row> customer = spark.table("trusted.customer");
    create(
        customer.join(
            spark.table("trusted.accelerometer").select("user_email").distinct(),
            customer.col("email").equalTo(col("user_email")),
            "left_semi"),
        "curated.customer",
        null);
    create(trustedSteps(spark.table("landing.step_trainer")), "trusted.step_trainer", "sensor_reading_at");
    create(
        pairs(spark.table("trusted.step_trainer"), spark.table("trusted.accelerometer")),
        "curated.machine_learning",
        "sensor_reading_at");
  }

  private void create(Dataset<Row> rows, String table, String dayColumn) throws Exception {
    long t = System.nanoTime();
    int j = jobs.get();
    var writer =
        rows.writeTo(table)
            .using("iceberg")
            .tableProperty("format-version", "2")
            .tableProperty("write.parquet.compression-codec", "zstd")
            // The floor: no shuffle before a write; each task writes its own rows.
            .tableProperty("write.distribution-mode", "none");
    if (dayColumn != null) {
      writer =
          writer.partitionedBy(
              days(col(dayColumn)), scala.collection.immutable.List$.MODULE$.<Column>empty());
    }
    writer.create();
    phase("create " + table, t, j);
  }

  /** Row counts of the five tables the peer writes, in its order, as its TOTAL line names them. */
  private void counts() {
    Row r =
        spark
            .sql(
                "select (select count(*) from trusted.customer),"
                    + " (select count(*) from trusted.accelerometer),"
                    + " (select count(*) from curated.customer),"
                    + " (select count(*) from trusted.step_trainer),"
                    + " (select count(*) from curated.machine_learning)")
            .first();
    System.out.printf(
        Locale.ROOT,
        "COUNTS customer_trusted=%d accelerometer_trusted=%d customer_curated=%d"
            + " step_trainer_trusted=%d machine_learning_curated=%d%n",
        r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
  }

  // ---- night: appends only ------------------------------------------------------------------

  private void night() throws Exception {
    Dataset<Row> readings = cached(readings(json("accelerometer", ACCELEROMETER, true)));
    Dataset<Row> steps = cached(steps(json("step_trainer", STEP_TRAINER, true)));
    phase("plan delta reads", mark, jobsAtMark);
    append(readings, "landing.accelerometer");
    append(steps, "landing.step_trainer");

    Dataset<Row> newReadings = cached(trustedReadings(readings));
    append(newReadings, "trusted.accelerometer");
    long stepsBefore = snapshotId("trusted.step_trainer");
    Dataset<Row> newSteps = cached(trustedSteps(steps));
    append(newSteps, "trusted.step_trainer");

    // New pairs: new steps with every reading at their instants, and steps that were already
    // there with the new readings. Each side is cut to the other's time range, taken from the
    // appended files' column bounds (metadata, no Spark job), so whole tables are never scanned.
    long t = System.nanoTime();
    int j = jobs.get();
    long[] stepRange = addedRange("trusted.step_trainer", "sensor_reading_time");
    long[] readingRange = addedRange("trusted.accelerometer", "reading_time");
    Dataset<Row> pairs = null;
    if (stepRange != null) {
      pairs = pairs(newSteps, inRange(spark.table("trusted.accelerometer"), "reading", stepRange));
    }
    if (readingRange != null && stepsBefore >= 0) {
      Dataset<Row> oldSteps =
          spark.read().option("snapshot-id", stepsBefore).table("trusted.step_trainer");
      Dataset<Row> more = pairs(inRange(oldSteps, "sensor_reading", readingRange), newReadings);
      pairs = pairs == null ? more : pairs.unionAll(more);
    }
    phase("plan pairs (metadata)", t, j);
    if (pairs != null) {
      pairs = cached(pairs);
      append(pairs, "curated.machine_learning");
    }

    t = System.nanoTime();
    j = jobs.get();
    Dataset<Row> audit =
        newReadings
            .select(lit("trusted.accelerometer").as("t"), col("user_email").isNull().as("bad"))
            .unionAll(newSteps.select(lit("trusted.step_trainer"), col("serial_number").isNull()))
            .unionAll(
                pairs == null
                    ? newSteps.limit(0).select(lit("curated.machine_learning"), lit(false))
                    : pairs.select(lit("curated.machine_learning"), col("serial_number").isNull()))
            .groupBy("t")
            .agg(
                org.apache.spark.sql.functions.count(lit(1)).as("rows"),
                org.apache.spark.sql.functions.sum(col("bad").cast("int")).as("bad"));
    for (Row r : audit.collectAsList()) {
      System.out.printf(Locale.ROOT, "appended %-26s rows=%d bad=%d%n", r.get(0), r.getLong(1), r.getLong(2));
    }
    phase("audit count", t, j);
  }

  private void append(Dataset<Row> rows, String table) throws Exception {
    long t = System.nanoTime();
    int j = jobs.get();
    rows.writeTo(table).append();
    phase("append " + table, t, j);
  }

  private Dataset<Row> cached(Dataset<Row> rows) {
    return rows.persist(StorageLevel.MEMORY_ONLY());
  }

  private long snapshotId(String table) throws Exception {
    Snapshot s = Spark3Util.loadIcebergTable(spark, table).currentSnapshot();
    return s == null ? -1 : s.snapshotId();
  }

  /** The lowest and highest value of a long column in the files the last commit added. */
  private long[] addedRange(String table, String column) throws Exception {
    Table t = Spark3Util.loadIcebergTable(spark, table);
    int id = t.schema().findField(column).fieldId();
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    for (DataFile f : t.currentSnapshot().addedDataFiles(t.io())) {
      ByteBuffer l = f.lowerBounds().get(id);
      ByteBuffer u = f.upperBounds().get(id);
      lo = Math.min(lo, (Long) Conversions.fromByteBuffer(Types.LongType.get(), l));
      hi = Math.max(hi, (Long) Conversions.fromByteBuffer(Types.LongType.get(), u));
    }
    return lo > hi ? null : new long[] {lo, hi};
  }

  /** Rows of a readings table within a time range: file pruning on the time and day columns. */
  private static Dataset<Row> inRange(Dataset<Row> rows, String prefix, long[] range) {
    return rows.where(
        col(prefix + "_time").between(range[0], range[1])
            .and(col(prefix + "_at").between(
                new java.sql.Timestamp(range[0]), new java.sql.Timestamp(range[1]))));
  }

  // ---- the peer's logic over stedi-like columns ---------------------------------------------

  private Dataset<Row> json(String kind, StructType schema, boolean delta) throws IOException {
    String[] files;
    try (Stream<Path> s = Files.list(source.resolve(kind).resolve("landing"))) {
      files =
          s.filter(p -> p.getFileName().toString().endsWith(".json"))
              .filter(p -> p.getFileName().toString().contains("delta") == delta)
              .map(p -> p.toUri().toString())
              .sorted()
              .toArray(String[]::new);
    }
    return spark.read().schema(schema).json(files);
  }

  private static Dataset<Row> customers(Dataset<Row> json) {
    return json.select(
        col("customerName").as("customer_name"),
        col("email"),
        col("phone"),
        col("birthDay").as("birth_day"),
        col("serialNumber").as("serial_number"),
        col("registrationDate").as("registration_date"),
        col("lastUpdateDate").as("last_update_date"),
        col("shareWithResearchAsOfDate").as("share_with_research_as_of_date"),
        col("shareWithPublicAsOfDate").as("share_with_public_as_of_date"),
        col("shareWithFriendsAsOfDate").as("share_with_friends_as_of_date"));
  }

  private static Dataset<Row> readings(Dataset<Row> json) {
    return json.select(
        col("user").as("user_email"),
        col("timestamp").as("reading_time"),
        timestamp_millis(col("timestamp")).as("reading_at"),
        col("x"),
        col("y"),
        col("z"));
  }

  private static Dataset<Row> steps(Dataset<Row> json) {
    return json.select(
        col("serialNumber").as("serial_number"),
        col("sensorReadingTime").as("sensor_reading_time"),
        timestamp_millis(col("sensorReadingTime")).as("sensor_reading_at"),
        col("distanceFromObject").as("distance_from_object"));
  }

  /** accelerometer_trusted: readings of consenting customers (emails are unique in trusted). */
  private Dataset<Row> trustedReadings(Dataset<Row> readings) {
    Dataset<Row> emails = spark.table("trusted.customer").select("email");
    return readings.join(broadcast(emails), readings.col("user_email").equalTo(emails.col("email")), "left_semi");
  }

  /** step_trainer_trusted: steps of devices owned by curated customers. */
  private Dataset<Row> trustedSteps(Dataset<Row> steps) {
    Dataset<Row> serials = spark.table("curated.customer").select("serial_number");
    return steps.join(
        broadcast(serials), steps.col("serial_number").equalTo(serials.col("serial_number")), "left_semi");
  }

  /** machine_learning_curated: steps and readings at the same instant (time only, as the peer). */
  private static Dataset<Row> pairs(Dataset<Row> steps, Dataset<Row> readings) {
    Column on = steps.col("sensor_reading_time").equalTo(readings.col("reading_time"));
    return steps.join(readings, on, "inner")
        .select(
            steps.col("serial_number"),
            steps.col("sensor_reading_time"),
            steps.col("sensor_reading_at"),
            steps.col("distance_from_object"),
            readings.col("user_email"),
            readings.col("x"),
            readings.col("y"),
            readings.col("z"));
  }

  // ---- timing -------------------------------------------------------------------------------

  /** Iceberg's own timings: each commit (manifests, metadata file, rename), each scan planning. */
  public static final class Reporter implements MetricsReporter {
    @Override
    public void report(MetricsReport report) {
      if (report instanceof CommitReport c && c.commitMetrics().totalDuration() != null) {
        System.out.printf(Locale.ROOT, "iceberg commit %-30s %6d ms%n", c.tableName(),
            c.commitMetrics().totalDuration().totalDuration().toMillis());
      } else if (report instanceof ScanReport s && s.scanMetrics().totalPlanningDuration() != null) {
        System.out.printf(Locale.ROOT, "iceberg scan   %-30s %6d ms planning, %d data files read, %d skipped%n",
            s.tableName(), s.scanMetrics().totalPlanningDuration().totalDuration().toMillis(),
            count(s.scanMetrics().resultDataFiles()), count(s.scanMetrics().skippedDataFiles()));
      }
    }

    private static long count(org.apache.iceberg.metrics.CounterResult c) {
      return c == null ? 0 : c.value();
    }
  }

  private void phase(String name, long startNanos, int jobsAtStart) {
    phaseLine(name, (System.nanoTime() - startNanos) / 1_000_000, jobs.get() - jobsAtStart);
    mark = System.nanoTime();
    jobsAtMark = jobs.get();
  }

  private static void phaseLine(String name, long millis, int jobs) {
    System.out.printf(Locale.ROOT, "phase %-34s %7d ms %3d jobs%n", name, millis, jobs);
  }
}
