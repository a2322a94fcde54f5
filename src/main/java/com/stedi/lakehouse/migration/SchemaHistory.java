package com.stedi.lakehouse.migration;

import com.stedi.lakehouse.catalog.CatalogState;
import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.MetadataRows;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.sql.SqlScript;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

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
    Namespaces namespaces = Namespaces.of(spark);
    SqlScript.statements(SqlScript.load(TABLE.ddlResource())).stream()
        .map(namespaces::qualify)
        .forEach(spark::sql);
  }

  /**
   * The latest attempt of each version, by version; empty when there is no history yet. Read
   * through Iceberg's Java API, as every run checks it: a Spark query would cost Spark jobs.
   */
  Map<Integer, AppliedMigration> latest() {
    Map<Integer, AppliedMigration> latest = new LinkedHashMap<>();
    if (!exists()) {
      return latest;
    }
    List<AppliedMigration> attempts =
        new ArrayList<>(
            MetadataRows.read(spark, TABLE, Expressions.alwaysTrue()).stream()
                .map(SchemaHistory::applied)
                .toList());
    attempts.sort(Comparator.comparingInt(AppliedMigration::installedRank));
    for (AppliedMigration attempt : attempts) {
      latest.remove(attempt.version());
      latest.put(attempt.version(), attempt);
    }
    return latest;
  }

  /** Appends one attempt, ranked after every earlier one. */
  AppliedMigration record(AppliedMigration attempt) {
    if (!exists()) {
      throw new IllegalStateException("Cannot record a migration: " + TABLE + " is missing");
    }
    int rank =
        MetadataRows.read(spark, TABLE, Expressions.alwaysTrue(), "installed_rank").size() + 1;
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
    MetadataRows.append(spark, TABLE, List.of(row(ranked)), null);
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

  private static AppliedMigration applied(Record r) {
    return new AppliedMigration(
        (Integer) r.getField("installed_rank"),
        (Integer) r.getField("version"),
        (String) r.getField("description"),
        (String) r.getField("script"),
        (String) r.getField("checksum"),
        (Integer) r.getField("statements"),
        (Integer) r.getField("statements_applied"),
        (String) r.getField("applied_checksum"),
        (Boolean) r.getField("success"),
        (String) r.getField("error"),
        MetadataRows.instant(r.getField("applied_at")),
        (String) r.getField("applied_by"),
        (Long) r.getField("execution_millis"));
  }
}
