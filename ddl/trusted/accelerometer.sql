-- trusted.accelerometer: the distinct accelerometer readings of trusted customers.
create table if not exists trusted.accelerometer (
  user_email   string    comment 'E-mail of the customer in lower case (a trusted.customer email)',
  reading_time bigint    comment 'Reading instant, epoch milliseconds',
  reading_at   timestamp comment 'reading_time as a UTC timestamp',
  x            double    comment 'Acceleration along x',
  y            double    comment 'Acceleration along y',
  z            double    comment 'Acceleration along z'
)
using iceberg
partitioned by (days(reading_at))
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.delete.mode' = 'merge-on-read',
  'write.update.mode' = 'merge-on-read',
  'write.merge.mode' = 'merge-on-read',
  'write.metadata.delete-after-commit.enabled' = 'true',
  'write.wap.enabled' = 'true'
);

alter table trusted.accelerometer write ordered by user_email, reading_time;
