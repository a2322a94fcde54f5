package com.stedi.lakehouse.erasure;

import com.stedi.lakehouse.catalog.LakehouseTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which rows of a table belong to the customers being checked: one subject ({@link SubjectRows}) or
 * every withdrawn customer at once ({@link WithdrawnRows}), so one scan of a table's files serves
 * either.
 */
interface SubjectMatch {
  /** The column naming, by normalised e-mail, the subject a matched row belongs to. */
  String SUBJECT = "_stedi_subject";

  /**
   * The rows of {@code rows} (which have the table's columns) that belong to a subject, with the
   * column {@link #SUBJECT}; a row belonging to two subjects appears once for each.
   */
  Dataset<Row> bySubject(LakehouseTable table, Dataset<Row> rows);
}
