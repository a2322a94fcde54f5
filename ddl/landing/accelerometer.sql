-- landing.accelerometer: every phone accelerometer reading as delivered, append-only.
create table if not exists landing.accelerometer (
  user_email      string    comment 'E-mail of the customer who owns the phone, as delivered (user)',
  reading_time    bigint    comment 'Reading instant, epoch milliseconds (timestamp)',
  reading_at      timestamp comment 'reading_time as a UTC timestamp',
  x               double    comment 'Acceleration along x (x)',
  y               double    comment 'Acceleration along y (y)',
  z               double    comment 'Acceleration along z (z)',
  source_file     string    comment 'Lineage: source file, relative to the source root',
  source_checksum string    comment 'Lineage: SHA-256 of the source file content',
  ingested_at     timestamp comment 'Lineage: when the run ingested the file',
  run_id          string    comment 'Lineage: the run that ingested the file'
)
using iceberg
partitioned by (days(reading_at))
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.metadata.delete-after-commit.enabled' = 'true'
);

alter table landing.accelerometer write ordered by user_email, reading_time;
