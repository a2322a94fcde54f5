package com.stedi.lakehouse.sql;

import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Counts the rows of several sets in one Spark query: each set's rows tagged with its place in the
 * list, the union counted by one aggregation. Why: a count per set is a Spark execution of its own,
 * with its planning and its exchange (a Spark job), and a run is counted in executions.
 */
public final class RowCounts {
  private static final String SET = "_stedi_set";

  private RowCounts() {}

  /** The number of rows of each set, in the sets' order (0 for a set with none). */
  public static List<Long> of(List<Dataset<Row>> sets) {
    List<Long> counts = new ArrayList<>(Collections.nCopies(sets.size(), 0L));
    Dataset<Row> tagged = null;
    for (int i = 0; i < sets.size(); i++) {
      Dataset<Row> tag = sets.get(i).select(lit(i).as(SET));
      tagged = tagged == null ? tag : tagged.union(tag);
    }
    if (tagged != null) {
      tagged
          .groupBy(SET)
          .count()
          .collectAsList()
          .forEach(r -> counts.set(r.getInt(0), r.getLong(1)));
    }
    return counts;
  }
}
