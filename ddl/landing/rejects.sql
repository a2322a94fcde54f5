-- landing.rejects: the quarantine. Source lines that could not land, with the reason; a line
-- is written once whatever the reruns. Holds raw personal data, like the rest of landing.
create table if not exists landing.rejects (
  landing_table   string    comment 'Landing table the line was meant for, e.g. landing.accelerometer',
  source_file     string    comment 'Path under the source root, e.g. accelerometer/landing/a.json',
  source_checksum string    comment 'SHA-256 of the source file content, hex',
  line_number     bigint    comment 'Line number in the file, from 1; blank lines are counted but never rejected',
  raw_line        string    comment 'The line as delivered; bytes that are not UTF-8 are replaced by U+FFFD',
  reason          string    comment 'Why the line was quarantined, e.g. x is not a number; README lists them',
  rejected_at     timestamp comment 'When the run read the line (UTC)',
  run_id          string    comment 'The run that quarantined the line'
)
using iceberg
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.metadata.delete-after-commit.enabled' = 'true'
);
