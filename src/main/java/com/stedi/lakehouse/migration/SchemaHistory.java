package com.stedi.lakehouse.migration;

import com.stedi.lakehouse.catalog.CatalogState;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.sql.SqlScript;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

/**
 * {@code ops.schema_history}: the attempts to apply each migration, kept in the catalog itself so
 * every environment (laptop, Glue) knows where it stands. One row per attempt, appended.
 */
final class SchemaHistory {
  private static final LakehouseTable TABLE = LakehouseTable.OPS_SCHEMA_HISTORY;

  private final SparkSession spark;

  SchemaHistory(SparkSession spark) {
    this.spark = spark;
  }

  boolean exists() {
    return CatalogState.exists(spark, TABLE);
  }

  /** Creates the table as {@code ddl/ops/schema_history.sql} declares it, if it is missing. */
  void create() {
    SqlScript.statements(SqlScript.load(TABLE.ddlResource())).forEach(spark::sql);
  }

  /** The latest attempt of each version, by version; empty when there is no history yet. */
  Map<Integer, AppliedMigration> latest() {
    Map<Integer, AppliedMigration> latest = new LinkedHashMap<>();
    if (!exists()) {
      return latest;
    }
    for (Row r :
        spark
            .sql("select * from " + TABLE.sqlName() + " order by installed_rank")
            .collectAsList()) {
      AppliedMigration attempt = applied(r);
      latest.remove(attempt.version());
      latest.put(attempt.version(), attempt);
    }
    return latest;
  }

  /** Appends one attempt, ranked after every earlier one. */
  AppliedMigration record(AppliedMigration attempt) {
    int rank = (int) spark.sql("select count(*) from " + TABLE.sqlName()).first().getLong(0) + 1;
    AppliedMigration ranked =
        new AppliedMigration(
            rank,
            attempt.version(),
            attempt.description(),
            attempt.script(),
            attempt.checksum(),
            attempt.statements(),
            attempt.statementsApplied(),
            attempt.appliedChecksum(),
            attempt.success(),
            attempt.error(),
            attempt.appliedAt(),
            attempt.appliedBy(),
            attempt.executionMillis());
    try {
      spark
          .createDataFrame(List.of(row(ranked)), spark.table(TABLE.sqlName()).schema())
          .writeTo(TABLE.sqlName())
          .append();
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("Cannot record a migration: " + TABLE + " is missing", e);
    }
    return ranked;
  }

  private static Row row(AppliedMigration a) {
    return RowFactory.create(
        a.installedRank(),
        a.version(),
        a.description(),
        a.script(),
        a.checksum(),
        a.statements(),
        a.statementsApplied(),
        a.appliedChecksum(),
        a.success(),
        a.error(),
        Timestamp.from(a.appliedAt()),
        a.appliedBy(),
        a.executionMillis());
  }

  private static AppliedMigration applied(Row r) {
    return new AppliedMigration(
        r.getInt(r.fieldIndex("installed_rank")),
        r.getInt(r.fieldIndex("version")),
        r.getString(r.fieldIndex("description")),
        r.getString(r.fieldIndex("script")),
        r.getString(r.fieldIndex("checksum")),
        r.getInt(r.fieldIndex("statements")),
        r.getInt(r.fieldIndex("statements_applied")),
        r.getString(r.fieldIndex("applied_checksum")),
        r.getBoolean(r.fieldIndex("success")),
        r.getString(r.fieldIndex("error")),
        r.getTimestamp(r.fieldIndex("applied_at")).toInstant(),
        r.getString(r.fieldIndex("applied_by")),
        r.getLong(r.fieldIndex("execution_millis")));
  }
}
