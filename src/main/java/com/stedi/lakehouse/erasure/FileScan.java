package com.stedi.lakehouse.erasure;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import com.stedi.lakehouse.catalog.LakehouseTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads every Parquet file of one table directly (not through Iceberg) and counts each subject's
 * rows in each file: the data files in one scan, each delete file on its own (a position delete
 * only when it carries the deleted row). Reads only.
 */
record FileScan(SparkSession spark, LakehouseTable table, SubjectMatch match, TableFiles files) {
  private static final String FILE = "_stedi_file";

  /** Rows per file (normalised path, sorted) for each subject that any file holds. */
  Map<String, Map<String, Long>> rowsPerSubjectAndFile() {
    List<String> data = new ArrayList<>();
    List<String> deletes = new ArrayList<>();
    files.referenced.forEach((path, isDelete) -> (isDelete ? deletes : data).add(path));
    for (String path : files.unreferenced.keySet()) {
      (isPositionDelete(spark.read().parquet(path).schema()) ? deletes : data).add(path);
    }
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    if (!data.isEmpty()) {
      count(read(data), counts);
    }
    for (String path : deletes) {
      Dataset<Row> delete = read(List.of(path));
      StructType schema = delete.schema();
      if (isPositionDelete(schema) && List.of(schema.fieldNames()).contains("row")) {
        // Position deletes that carry the deleted row hold the very data deleted.
        count(delete.select(col("row.*"), col(FILE)), counts);
      } else if (!isPositionDelete(schema)) {
        count(delete, counts); // equality deletes carry the key columns
      }
    }
    return counts;
  }

  private Dataset<Row> read(List<String> paths) {
    return spark
        .read()
        .option("mergeSchema", "true")
        .parquet(paths.toArray(String[]::new))
        .withColumn(FILE, input_file_name());
  }

  private void count(Dataset<Row> rowsOfFiles, Map<String, Map<String, Long>> counts) {
    Dataset<Row> matched = match.bySubject(table, rowsOfFiles);
    for (Row r : matched.groupBy(SubjectMatch.SUBJECT, FILE).count().collectAsList()) {
      counts
          .computeIfAbsent(r.getString(0), s -> new TreeMap<>())
          .merge(TableFiles.normalize(r.getString(1)), r.getLong(2), Long::sum);
    }
  }

  private static boolean isPositionDelete(StructType schema) {
    List<String> names = List.of(schema.fieldNames());
    return names.contains("file_path") && names.contains("pos");
  }
}
