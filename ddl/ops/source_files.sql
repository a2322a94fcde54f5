-- ops.source_files: the files each landing table has taken, one row per file and content, written
-- after the landing commit. Lets a run skip the files it knows by path, size and modification time
-- without reading them again; the landing rows themselves stay the proof of what was taken.
create table if not exists ops.source_files (
  source_file     string    comment 'Path under the source root, e.g. customer/landing/a.json',
  source_checksum string    comment 'SHA-256 of the file content, hex',
  size_bytes      bigint    comment 'Size of the file when it was taken, bytes',
  modified_at     timestamp comment 'Last modification time of the file when it was taken (UTC)',
  landing_table   string    comment 'Landing table the file was taken into, e.g. landing.customer',
  run_id          string    comment 'Run that took the file, or found its rows already in landing'
)
using iceberg
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.metadata.delete-after-commit.enabled' = 'true'
);
