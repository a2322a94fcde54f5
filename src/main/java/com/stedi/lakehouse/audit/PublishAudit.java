package com.stedi.lakehouse.audit;

import static org.apache.spark.sql.functions.col;

import com.stedi.lakehouse.catalog.IcebergTables;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.pipeline.Stage;
import com.stedi.lakehouse.sql.RowCounts;
import com.stedi.lakehouse.sql.SqlScript;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The checks a run's trusted and curated tables must pass before they are published, read where the
 * session's SQL reads them (the run's branch). Each throws {@link AuditFailure} naming the audit,
 * the table, the number of offending rows and, by pseudonym ({@link Pseudonyms}), the customers or
 * devices of up to {@link #SAMPLE} of them:
 *
 * <ul>
 *   <li><b>consent</b>: every row belongs to a customer whose latest landing record consents to
 *       research, linked as the zone rules link it ({@link ConsentLink}: by e-mail; a step trainer
 *       reading through a consenting owner of the device with accelerometer readings; a
 *       machine-learning row through the owner's own reading at that instant);
 *   <li><b>unique-key</b>: no two rows share a merge key;
 *   <li><b>no-identifier</b>: curated.machine_learning has no column named for a direct identifier
 *       and no value shaped like an e-mail address;
 *   <li><b>row-count</b>: no table of at least {@code minRows} rows on main loses more than {@code
 *       maxRowLoss} of them in one run.
 * </ul>
 *
 * <p>The unique-key and no-identifier audits look at the rows the run added ({@link AddedRows})
 * and, for unique keys, at the rows sharing their keys: main passed them when it was published. The
 * consent audit looks at the rows the run added and at those of the customers whose landing records
 * arrived since main was published, or at every row after a run that removed any ({@link
 * ConsentScope}).
 */
public final class PublishAudit {
  static final int SAMPLE = 5;
  private static final String CONSENTING = "stedi_audit_consenting";
  private static final String ADDED = "stedi_audit_added";
  private static final String AUDITED = "stedi_audit_rows";
  private static final Pattern IDENTIFIER_COLUMN =
      Pattern.compile(".*(email|name|phone|birth|address).*");

  /**
   * A value shaped like an e-mail address holds an {@code @} between two characters that are
   * neither {@code @} nor white space: found anywhere in a value, this is what {@code
   * [^@\s]+@[^@\s]+} finds, without retrying a whole run of characters at each position (which made
   * the regular expression quadratic in a value's length: 4.8 s of a 1M-reading first load's 8.8 s
   * audit CPU went to it on serial numbers).
   */
  private static final Pattern EMAIL_SHAPE = Pattern.compile("[^@\\s]@[^@\\s]");

  /**
   * Added rows up to which the unique-key audit broadcasts their keys to the table's rows. Why:
   * Spark sizes the added rows as the whole table (a filter on {@code _file} prunes nothing before
   * the scan), so it would sort and shuffle every row of the table's days to join them.
   */
  static final long BROADCAST_MAX_ROWS = 500_000;

  private final SparkSession spark;
  private final double maxRowLoss;
  private final long minRows;
  private final Map<LakehouseTable, String> addedViews = new EnumMap<>(LakehouseTable.class);

  /**
   * @param maxRowLoss share of its rows a table may lose in one run, 0 to 1
   * @param minRows tables with fewer rows on main are not held to {@code maxRowLoss}
   */
  public PublishAudit(SparkSession spark, double maxRowLoss, long minRows) {
    this.spark = spark;
    this.maxRowLoss = maxRowLoss;
    this.minRows = minRows;
  }

  /**
   * Runs every audit on every published table, in a fixed order: the identifier audit, then each
   * table's row count, consent and unique keys, in table order; the first failure is thrown. Every
   * audit that reads rows is counted in one Spark query (why: each query is a Spark execution with
   * its planning and its jobs, and a night is counted in executions); only a failure costs more, to
   * name its sample.
   */
  public void check(String runId) {
    addedViews.clear();
    spark.sparkContext().setJobDescription("audit " + runId);
    spark
        .sql(SqlScript.load(ConsentLink.CONSENTING_SQL, Namespaces.of(spark)))
        .cache()
        .createOrReplaceTempView(CONSENTING);
    try {
      List<Check> checks = checks();
      List<Long> offending = countOffending(checks);
      for (int i = 0; i < checks.size(); i++) {
        checks.get(i).failIfAny(offending.get(i));
      }
    } finally {
      spark.catalog().dropTempView(CONSENTING);
    }
  }

  /**
   * One audit of one table: rows that offend it and what to throw when there are any (naming, by
   * pseudonym, the customers or devices of a sample of them), or, with no rows, a check on metadata
   * that throws itself.
   */
  private record Check(Dataset<Row> offending, Runnable failure) {
    static Check onMetadata(Runnable check) {
      return new Check(null, check);
    }

    void failIfAny(Long count) {
      if (offending == null || count > 0) {
        failure.run();
      }
    }
  }

  /** A check of rows that offend an audit, whose failure names a sample of them. */
  private Check rows(String audit, LakehouseTable table, Dataset<Row> offending, String what) {
    return new Check(offending, () -> failIfAny(audit, table, offending, what));
  }

  private List<Check> checks() {
    // Each table loaded once, its manifests read once: every audit of the table shares them.
    Map<Stage, Table> tables = new EnumMap<>(Stage.class);
    Map<Stage, AddedRows> added = new EnumMap<>(Stage.class);
    for (Stage stage : Stage.values()) {
      Table table = IcebergTables.load(spark, stage.table());
      tables.put(stage, table);
      added.put(stage, AddedRows.since(spark, table, stage.dayColumn()));
    }
    ConsentScope scope = ConsentScope.of(spark, tables.get(Stage.TRUSTED_CUSTOMER), added.values());
    List<Check> checks = new ArrayList<>();
    Stage curated = Stage.CURATED_MACHINE_LEARNING;
    noIdentifier(curated.table(), tables.get(curated), added.get(curated)).ifPresent(checks::add);
    for (Stage stage : Stage.values()) {
      checks.add(Check.onMetadata(() -> rowCount(stage.table(), tables.get(stage))));
      scope
          .rows(spark, stage, added.get(stage))
          .map(audited -> consent(stage, added.get(stage), audited))
          .ifPresent(checks::add);
      uniqueKey(stage, added.get(stage)).ifPresent(checks::add);
    }
    return checks;
  }

  /**
   * Each check's offending rows, counted in one query ({@link RowCounts}: a count per check is an
   * exchange per check, and each exchange is a Spark job); null for a check on metadata.
   */
  private List<Long> countOffending(List<Check> checks) {
    List<Dataset<Row>> rows = new ArrayList<>();
    checks.stream().map(Check::offending).filter(r -> r != null).forEach(rows::add);
    Iterator<Long> counts = RowCounts.of(rows).iterator();
    List<Long> offending = new ArrayList<>();
    checks.forEach(c -> offending.add(c.offending() == null ? null : counts.next()));
    return offending;
  }

  /**
   * The rows of a published table that belong to a customer who consents to research now, linked as
   * the consent audit links them ({@link ConsentLink}). Tables the link reads besides landing
   * ({@code trusted.accelerometer}, for step trainer and machine-learning rows) are read as they
   * are now: a caller restoring several tables restores them first. The result reads two temporary
   * views (the rows' is per table) that stay in the session: a rollback that dropped them once the
   * result was analysed failed to find them when writing it (Spark looked them up again).
   */
  public static Dataset<Row> consentingOnly(
      SparkSession spark, LakehouseTable table, Dataset<Row> rows) {
    String consenting = "stedi_consenting_now";
    String view = "stedi_consenting_rows" + view(table);
    spark
        .sql(SqlScript.load(ConsentLink.CONSENTING_SQL, Namespaces.of(spark)))
        .createOrReplaceTempView(consenting);
    rows.createOrReplaceTempView(view);
    return spark.sql(
        ConsentLink.rows(Namespaces.of(spark), table, view, consenting, true, Optional.empty()));
  }

  private Check consent(Stage stage, AddedRows added, ConsentScope.Audited audited) {
    LakehouseTable table = stage.table();
    String view = audited.rows().isEmpty() ? addedView(table, added) : AUDITED + view(table);
    audited.rows().ifPresent(rows -> rows.createOrReplaceTempView(view));
    return rows(
        "consent",
        table,
        spark
            .sql(
                ConsentLink.rows(
                    Namespaces.of(spark), table, view, CONSENTING, false, audited.days()))
            .select(columns(stage.key())),
        "rows of customers whose latest record does not consent to research");
  }

  private static Column[] columns(List<String> names) {
    return names.stream().map(functions::col).toArray(Column[]::new);
  }

  private Optional<Check> uniqueKey(Stage stage, AddedRows added) {
    if (added.none()) {
      return Optional.empty();
    }
    LakehouseTable table = stage.table();
    Map<String, String> ids = new HashMap<>();
    ids.put("table", Namespaces.of(spark).name(table));
    ids.put("key", keyColumns(stage, ""));
    String sql;
    if (added.wholeTable()) {
      sql = SqlScript.load("sql/audit/duplicate_keys.sql");
    } else {
      ids.put("key", keyColumns(stage, "t."));
      ids.put("added", addedView(table, added));
      ids.put(
          "key_match",
          stage.key().stream()
              .map(c -> "t." + c + " <=> a." + c)
              .collect(Collectors.joining(" and ")));
      ids.put("days", added.dayCondition("t."));
      ids.put("hint", added.records() <= BROADCAST_MAX_ROWS ? "/*+ BROADCAST(a) */" : "");
      sql = SqlScript.load("sql/audit/duplicate_keys_among.sql");
    }
    return Optional.of(
        rows(
            "unique-key",
            table,
            spark.sql(SqlScript.render(sql, ids)),
            "keys held by more than one row"));
  }

  /**
   * The view of the rows the branch added to a table, made once for all the audits that read them
   * (why: making a view is a Spark execution of its own, with its planning).
   */
  private String addedView(LakehouseTable table, AddedRows added) {
    return addedViews.computeIfAbsent(
        table,
        t -> {
          String view = ADDED + view(t);
          added.rows(spark, t).createOrReplaceTempView(view);
          return view;
        });
  }

  /**
   * The identifier audit: a column named for a direct identifier fails it at once; values shaped
   * like an e-mail address among the rows the run added are counted with the other audits. A
   * finding names the first such column in schema order, whichever rows the sample holds.
   */
  private Optional<Check> noIdentifier(LakehouseTable table, Table loaded, AddedRows added) {
    List<String> strings = new ArrayList<>();
    for (StructField field : SparkSchemaUtil.convert(loaded.schema()).fields()) {
      if (IDENTIFIER_COLUMN.matcher(field.name().toLowerCase(Locale.ROOT)).matches()) {
        throw failure(
            "no-identifier", table, "column " + field.name() + " names a direct identifier", "");
      }
      if (field.dataType().equals(DataTypes.StringType)) {
        strings.add(field.name());
      }
    }
    if (added.none() || strings.isEmpty()) {
      return Optional.empty();
    }
    Dataset<Row> rows = spark.table(addedView(table, added));
    Column anyShaped = strings.stream().map(PublishAudit::emailShaped).reduce(Column::or).get();
    return Optional.of(
        new Check(rows.where(anyShaped), () -> nameIdentifier(table, rows, strings)));
  }

  /** Fails on the first column, in schema order, with values shaped like an e-mail address. */
  private void nameIdentifier(LakehouseTable table, Dataset<Row> rows, List<String> strings) {
    for (String column : strings) {
      failIfAny(
          "no-identifier",
          table,
          rows.select(column).where(emailShaped(column)),
          "values of " + column + " shaped like an e-mail address");
    }
  }

  private static Column emailShaped(String column) {
    // Most values hold no @ at all: a byte search settles them before the regular expression.
    return col(column).contains("@").and(col(column).rlike(EMAIL_SHAPE.pattern()));
  }

  private void rowCount(LakehouseTable table, Table loaded) {
    long before = IcebergTables.liveRows(loaded.currentSnapshot());
    long after = IcebergTables.liveRows(IcebergTables.head(spark, loaded));
    if (before >= minRows && before - after > maxRowLoss * before) {
      throw failure(
          "row-count",
          table,
          String.format(
              Locale.ROOT,
              "%d of %d rows would go (%.1f%%), over the %.1f%% one run may remove",
              before - after,
              before,
              100.0 * (before - after) / before,
              100 * maxRowLoss),
          "");
    }
  }

  private void failIfAny(String audit, LakehouseTable table, Dataset<Row> offending, String what) {
    List<Row> sample = offending.limit(SAMPLE).collectAsList();
    if (sample.isEmpty()) {
      return;
    }
    long count = sample.size() < SAMPLE ? sample.size() : offending.count();
    // By pseudonym, never by value: the message lands in logs and ops.runs for good.
    Pseudonyms pseudonyms = Pseudonyms.of(spark);
    String named =
        sample.stream()
            .map(pseudonyms::describe)
            .filter(d -> !d.isEmpty())
            .distinct()
            .collect(Collectors.joining("; "));
    throw failure(audit, table, count + " " + what, named.isEmpty() ? "" : " (e.g. " + named + ")");
  }

  private static AuditFailure failure(
      String audit, LakehouseTable table, String finding, String sample) {
    return new AuditFailure(
        audit, "audit " + audit + " failed on " + table.logicalName() + ": " + finding + sample);
  }

  private static String view(LakehouseTable table) {
    return "_" + table.viewName();
  }

  private static String keyColumns(Stage stage, String alias) {
    return stage.key().stream().map(c -> alias + c).collect(Collectors.joining(", "));
  }
}
