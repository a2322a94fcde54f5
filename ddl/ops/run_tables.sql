-- ops.run_tables: what each run did to each table, one row per run and table.
create table if not exists ops.run_tables (
  run_id           string comment 'The run (ops.runs.run_id)',
  table_name       string comment 'Table, e.g. trusted.customer',
  rows_read        bigint comment 'Source rows the run read for this table (new landing rows, or new file rows for landing)',
  rows_inserted    bigint comment 'Rows inserted',
  rows_updated     bigint comment 'Rows updated',
  rows_deleted     bigint comment 'Rows deleted',
  snapshot_id      bigint comment 'Snapshot the run committed; null when it changed nothing',
  source_snapshots string comment 'Source snapshot range consumed, e.g. landing.accelerometer:123..456; empty for landing tables',
  millis           bigint comment 'Time spent on this table, milliseconds'
)
using iceberg
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.metadata.delete-after-commit.enabled' = 'true'
);
