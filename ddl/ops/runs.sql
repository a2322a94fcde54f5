-- ops.runs: one row per finished `stedi run` (succeeded or failed), appended at its end.
create table if not exists ops.runs (
  run_id      string    comment 'Run id; also the tag of every table after the run and stedi.run-id in its snapshots',
  started_at  timestamp comment 'When the run started (UTC)',
  finished_at timestamp comment 'When the run ended (UTC)',
  status      string    comment 'succeeded or failed',
  source      string    comment 'Source root the run read',
  error       string    comment 'One-line error of a failed run; null otherwise'
)
using iceberg
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.metadata.delete-after-commit.enabled' = 'true'
);
