package com.stedi.lakehouse.pipeline;

import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The facts of each table the nightly run produces, in one place, in dependency order: its merge
 * key, the key of its scope, the timestamp column it is partitioned by day of, the inputs whose new
 * snapshots it consumes, and the views its SQL stages besides the scope. The merge ({@link
 * ZoneMerge}), the publish audit and the run record all read them from here, as does the consent
 * link of each table: the column naming whose consent a row needs.
 *
 * <p>Each stage's rules are SQL resources: {@code sql/<zone>/<table>.scope.sql} (the keys the new
 * input rows may affect), {@code sql/<zone>/<table>.<view>.sql} for each staged view, and {@code
 * sql/<zone>/<table>.sql} (the table's rows for the keys in scope). A view may also have {@code
 * sql/<zone>/<table>.<view>.bulk.sql}: the view on a first load, when every key is in scope and a
 * cheaper query gives the same rows. How its rows link to the customers whose consent they need is
 * {@code sql/audit/consent/<zone>_<table>.sql}.
 *
 * <p>The tables the stages produce are the published ones ({@link #publishedTables}): what readers
 * consume, written on a run's branch and published only once audited, and what alone rolls back.
 */
public enum Stage {
  /** The latest consenting record per e-mail. */
  TRUSTED_CUSTOMER(
      LakehouseTable.TRUSTED_CUSTOMER,
      List.of("email"),
      List.of("email"),
      null,
      List.of(LakehouseTable.LANDING_CUSTOMER),
      List.of(),
      "email",
      false),

  /** The distinct readings of trusted customers; the key is the whole reading. */
  TRUSTED_ACCELEROMETER(
      LakehouseTable.TRUSTED_ACCELEROMETER,
      Columns.READING,
      Columns.READING,
      "reading_at",
      List.of(LakehouseTable.LANDING_ACCELEROMETER, LakehouseTable.TRUSTED_CUSTOMER),
      List.of(),
      "user_email",
      true),

  /** Trusted customers with at least one trusted reading. */
  CURATED_CUSTOMER(
      LakehouseTable.CURATED_CUSTOMER,
      List.of("email"),
      List.of("email"),
      null,
      List.of(LakehouseTable.LANDING_ACCELEROMETER, LakehouseTable.TRUSTED_CUSTOMER),
      List.of(),
      "email",
      false),

  /** The distinct readings of curated customers' devices; the key is the whole reading. */
  TRUSTED_STEP_TRAINER(
      LakehouseTable.TRUSTED_STEP_TRAINER,
      Columns.STEP,
      Columns.STEP,
      "sensor_reading_at",
      List.of(LakehouseTable.LANDING_STEP_TRAINER, LakehouseTable.CURATED_CUSTOMER),
      List.of(),
      "serial_number",
      true),

  /**
   * Step trainer readings paired with the owner's accelerometer readings at the same instant; the
   * key is the whole row. The SQL reads the step readings in scope with their owner from the staged
   * view {@code owned_steps}.
   */
  CURATED_MACHINE_LEARNING(
      LakehouseTable.CURATED_MACHINE_LEARNING,
      Columns.PAIR,
      List.of("serial_number", "sensor_reading_time"),
      "sensor_reading_at",
      List.of(
          LakehouseTable.LANDING_STEP_TRAINER,
          LakehouseTable.LANDING_ACCELEROMETER,
          LakehouseTable.CURATED_CUSTOMER),
      List.of("owned_steps"),
      "serial_number",
      true);

  private static final List<LakehouseTable> PUBLISHED =
      Arrays.stream(values()).map(Stage::table).toList();

  private final LakehouseTable table;
  private final List<String> key;
  private final List<String> scopeKey;
  private final String dayColumn;
  private final List<LakehouseTable> inputs;
  private final List<String> stagedViews;
  private final String subjectColumn;
  private final boolean readings;

  Stage(
      LakehouseTable table,
      List<String> key,
      List<String> scopeKey,
      String dayColumn,
      List<LakehouseTable> inputs,
      List<String> stagedViews,
      String subjectColumn,
      boolean readings) {
    this.table = table;
    this.key = key;
    this.scopeKey = scopeKey;
    this.dayColumn = dayColumn;
    this.inputs = inputs;
    this.stagedViews = stagedViews;
    this.subjectColumn = subjectColumn;
    this.readings = readings;
  }

  public LakehouseTable table() {
    return table;
  }

  /** The merge key: unique per row. */
  public List<String> key() {
    return key;
  }

  /** The key columns of the {@code scope} view: a prefix of, or equal to, the merge key. */
  public List<String> scopeKey() {
    return scopeKey;
  }

  /**
   * The timestamp column the table is partitioned by day of, or null. The {@code scope} view
   * carries it too, and the joins with the table match it with {@code =}, so Spark prunes the
   * table's partitions at run time to the days in scope.
   */
  public String dayColumn() {
    return dayColumn;
  }

  /** The tables whose new snapshots this stage consumes. */
  public List<LakehouseTable> inputs() {
    return inputs;
  }

  /** Views the stage's SQL reads besides {@code scope}, computed in this order after it. */
  public List<String> stagedViews() {
    return stagedViews;
  }

  /**
   * The column naming whose consent a row needs: the customer's e-mail, or, for readings of a
   * device, its serial number (the consent link, {@code sql/audit/consent/<zone>_<table>.sql}, goes
   * from it to the customer).
   */
  public String subjectColumn() {
    return subjectColumn;
  }

  /**
   * True for a table of readings: its key is the whole row, so no row is ever updated, and a row
   * leaves it only when a zone input changes (a customer's consent or curated status). A run whose
   * zone inputs did not change only adds rows to it, and each delivery of readings adds some.
   */
  public boolean readings() {
    return readings;
  }

  /** The SQL resource of a view the stage stages: {@code scope} or one of {@link #stagedViews}. */
  public String viewResource(String view) {
    return table.sqlResource().replace(".sql", "." + view + ".sql");
  }

  /**
   * The SQL resource of a view on a first load ({@code <table>.<view>.bulk.sql}), when the stage
   * has one; otherwise {@link #viewResource}.
   */
  public String bulkViewResource(String view) {
    String bulk = viewResource(view + ".bulk");
    return Stage.class.getClassLoader().getResource(bulk) == null ? viewResource(view) : bulk;
  }

  /**
   * The tables the stages produce, in dependency order: the trusted and curated tables, which a run
   * writes on its branch and publishes once audited.
   */
  public static List<LakehouseTable> publishedTables() {
    return PUBLISHED;
  }

  /** True for a table a stage produces: see {@link #publishedTables}. */
  public static boolean isPublished(LakehouseTable table) {
    return PUBLISHED.contains(table);
  }

  /** The stage of a table; throws for a table no stage produces. */
  public static Stage of(LakehouseTable table) {
    for (Stage stage : values()) {
      if (stage.table == table) {
        return stage;
      }
    }
    throw new IllegalArgumentException("No stage produces " + table);
  }

  /**
   * SQL equality of rows of two aliases on these columns (null-safe), plus {@code =} on the day
   * column, which lets Spark prune the table's partitions.
   */
  String match(List<String> columns, String left, String right) {
    String keys = nullSafeMatch(columns, left, right);
    String day = dayColumn;
    return day == null ? keys : left + "." + day + " = " + right + "." + day + " and " + keys;
  }

  /** Null-safe equality of these columns between two aliases. */
  static String nullSafeMatch(List<String> columns, String left, String right) {
    return columns.stream()
        .map(c -> left + "." + c + " <=> " + right + "." + c)
        .collect(Collectors.joining(" and "));
  }

  /** Key columns shared by several stages. */
  private static final class Columns {
    static final List<String> READING = List.of("user_email", "reading_time", "x", "y", "z");
    static final List<String> STEP =
        List.of("serial_number", "sensor_reading_time", "distance_from_object");
    static final List<String> PAIR =
        List.of("serial_number", "sensor_reading_time", "distance_from_object", "x", "y", "z");
  }
}
