package com.stedi.lakehouse.timetravel;

import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.config.UsageException;
import com.stedi.lakehouse.sql.ReadOnlySql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.RelationTimeTravel;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.runtime.AbstractPartialFunction;

/**
 * A query in which every landing, trusted and curated table is read as it was when a run ended, so
 * a query across zones sees one night. The query is parsed by Spark and each reference to a zone
 * table, in subqueries and common table expressions too, becomes {@code VERSION AS OF} the table's
 * snapshot after the run ({@link SnapshotLookup#afterRun}). A reference that already names a
 * version or time keeps it; {@code ops} tables are read as they are now.
 */
public final class AsOfRunQuery {
  private final SparkSession spark;
  private final SnapshotLookup lookup;

  public AsOfRunQuery(SparkSession spark) {
    this.spark = spark;
    this.lookup = new SnapshotLookup(spark);
  }

  /** The query's rows as of the run, and the snapshot each zone table it reads was read at. */
  public record Result(Dataset<Row> rows, Map<String, Long> snapshots) {}

  public Result run(String runId, String query) {
    LogicalPlan parsed;
    try {
      parsed = spark.sessionState().sqlParser().parsePlan(query);
    } catch (ParseException e) {
      throw new UsageException(
          "Cannot read as of "
              + runId
              + ": "
              + e.getMessage().lines().filter(l -> !l.isBlank()).findFirst().orElse("").trim(),
          e);
    }
    if (!ReadOnlySql.isQuery(parsed)) {
      throw new UsageException(
          "Cannot read as of " + runId + ": not a query; as-of only reads (select or with)");
    }
    Map<String, Long> snapshots = new LinkedHashMap<>();
    LogicalPlan pinned = pin(parsed, runId, snapshots);
    return new Result(Dataset.ofRows(spark, pinned), snapshots);
  }

  private LogicalPlan pin(LogicalPlan plan, String runId, Map<String, Long> snapshots) {
    return plan.transformUpWithSubqueries(
        new AbstractPartialFunction<LogicalPlan, LogicalPlan>() {
          @Override
          public boolean isDefinedAt(LogicalPlan node) {
            return node instanceof UnresolvedRelation || node instanceof UnresolvedWith;
          }

          @Override
          public LogicalPlan apply(LogicalPlan node) {
            if (node instanceof UnresolvedWith with) {
              return pinDefinitions(with, runId, snapshots);
            }
            UnresolvedRelation relation = (UnresolvedRelation) node;
            LakehouseTable table = zoneTable(relation);
            if (table == null) {
              return relation;
            }
            Long snapshot = lookup.afterRun(table, runId);
            if (snapshot == null) {
              throw new UsageException(
                  "Cannot read "
                      + table.logicalName()
                      + " as of "
                      + runId
                      + ": the table had no snapshot then");
            }
            snapshots.put(table.logicalName(), snapshot);
            return new RelationTimeTravel(
                relation, Option.empty(), Option.apply(Long.toString(snapshot)));
          }
        });
  }

  /** Common table expressions are not children of the plan: their bodies are pinned here. */
  private LogicalPlan pinDefinitions(
      UnresolvedWith with, String runId, Map<String, Long> snapshots) {
    List<Tuple2<String, SubqueryAlias>> definitions = new ArrayList<>();
    for (Tuple2<String, SubqueryAlias> definition :
        JavaConverters.seqAsJavaList(with.cteRelations())) {
      definitions.add(
          new Tuple2<>(definition._1(), (SubqueryAlias) pin(definition._2(), runId, snapshots)));
    }
    return with.copy(with.child(), JavaConverters.asScalaBuffer(definitions).toSeq());
  }

  /** The zone table a relation names, with or without the catalog; null for any other. */
  private LakehouseTable zoneTable(UnresolvedRelation relation) {
    List<String> parts = JavaConverters.seqAsJavaList(relation.multipartIdentifier());
    if (parts.size() == 3 && parts.get(0).equals(spark.catalog().currentCatalog())) {
      parts = parts.subList(1, 3);
    }
    if (parts.size() != 2) {
      return null;
    }
    LakehouseTable table = Namespaces.of(spark).table(parts.get(0) + "." + parts.get(1));
    return table != null && table.isZone() ? table : null;
  }
}
