package com.stedi.lakehouse.migration;

import com.stedi.lakehouse.config.SetupException;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * Refuses, before anything runs, a migration statement that does not parse or is not a change of
 * schema, partitioning, sort order or properties: migrations never write or rewrite data (an
 * insert, a merge, a CTAS, a rewrite procedure), so they stay cheap and every old snapshot stays
 * readable: dropping or renaming a table, a branch or a tag, which takes old snapshots out of
 * reach, is refused too. Statements are told apart by the plan Spark's parser (Iceberg's extensions
 * included) makes of them.
 */
final class SchemaChangeGuard {
  private static final Set<String> SCHEMA_CHANGES =
      Set.of(
          // Spark
          "CreateNamespace",
          "CreateTable",
          "AddColumns",
          "RenameColumn",
          "AlterColumn",
          "DropColumns",
          "ReplaceColumns",
          "SetTableProperties",
          "UnsetTableProperties",
          "CommentOnTable",
          // Iceberg's SQL extensions
          "AddPartitionField",
          "DropPartitionField",
          "ReplacePartitionField",
          "SetWriteDistributionAndOrdering",
          "SetIdentifierFields",
          "DropIdentifierFields",
          "CreateOrReplaceBranch",
          "CreateOrReplaceTag");

  private SchemaChangeGuard() {}

  static void check(SparkSession spark, Migration migration, List<String> statements, int first) {
    for (int i = first; i < statements.size(); i++) {
      String statement = statements.get(i);
      String kind = kind(spark, migration, i, statement);
      if (!SCHEMA_CHANGES.contains(kind)) {
        throw new SetupException(
            "Cannot migrate: "
                + where(migration, i, statement)
                + " is not a schema change ("
                + kind
                + "); a migration may change columns, partitioning, sort order and properties,"
                + " and create tables, branches and tags, never data or what old snapshots need");
      }
    }
  }

  private static String kind(SparkSession spark, Migration migration, int index, String statement) {
    try {
      LogicalPlan plan = spark.sessionState().sqlParser().parsePlan(statement);
      return plan.getClass().getSimpleName();
    } catch (AnalysisException e) {
      // Spark's ParseException and Iceberg's IcebergParseException (its SQL extensions) alike.
      throw new SetupException(
          "Cannot migrate: "
              + where(migration, index, statement)
              + " is not valid SQL: "
              + SchemaMigrations.firstLine(e.getSimpleMessage()));
    }
  }

  private static String where(Migration migration, int index, String statement) {
    return migration.script()
        + " statement "
        + (index + 1)
        + " ("
        + SchemaMigrations.abbreviate(statement)
        + ")";
  }
}
