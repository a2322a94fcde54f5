package com.stedi.lakehouse.sql;

import java.util.Set;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import scala.collection.JavaConverters;

/**
 * Tells a statement that only reads from one that writes or changes anything, by the plan Spark's
 * parser (Iceberg's extensions included) makes of it, never by its text. A query is a plan with no
 * command in it; Spark parses INSERT, CALL (Iceberg's procedures) and a few others into parsed
 * statements, every other write (MERGE, DELETE, UPDATE, DDL, SET, CACHE, ...) into commands. Of the
 * commands, only those that show or describe, and EXPLAIN, which runs nothing, are reads.
 */
public final class ReadOnlySql {
  private static final Set<String> READ_COMMANDS =
      Set.of(
          "ShowTables",
          "ShowTableExtended",
          "ShowNamespaces",
          "ShowColumns",
          "ShowTableProperties",
          "ShowCreateTable",
          "ShowPartitions",
          "ShowFunctions",
          "ShowViews",
          "ShowCatalogsCommand",
          "ShowCurrentNamespaceCommand",
          "DescribeRelation",
          "DescribeColumn",
          "DescribeNamespace",
          "DescribeFunction",
          "DescribeQueryCommand",
          "ExplainCommand");

  private ReadOnlySql() {}

  /** True for a query: a plan with no command or parsed statement (INSERT, CALL) anywhere in it. */
  public static boolean isQuery(LogicalPlan plan) {
    return firstWrite(plan) == null;
  }

  /**
   * The kind of statement (Spark's name of its plan, e.g. {@code InsertIntoStatement}) when it
   * writes or changes anything; null for a query, a SHOW, a DESCRIBE or an EXPLAIN.
   */
  public static String writingStatement(LogicalPlan plan) {
    if (READ_COMMANDS.contains(plan.getClass().getSimpleName())) {
      return null;
    }
    LogicalPlan write = firstWrite(plan);
    return write == null ? null : write.getClass().getSimpleName();
  }

  /** The outermost command or parsed statement in a plan (an INSERT under a WITH, say), or null. */
  private static LogicalPlan firstWrite(LogicalPlan plan) {
    if (plan instanceof Command || plan instanceof ParsedStatement) {
      return plan;
    }
    for (LogicalPlan child : JavaConverters.seqAsJavaList(plan.children())) {
      LogicalPlan write = firstWrite(child);
      if (write != null) {
        return write;
      }
    }
    return null;
  }
}
