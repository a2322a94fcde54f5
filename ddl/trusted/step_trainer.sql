-- trusted.step_trainer: the distinct Step Trainer readings of devices owned by curated customers.
create table if not exists trusted.step_trainer (
  serial_number        string    comment 'Serial number of the Step Trainer (a curated.customer serial_number)',
  sensor_reading_time  bigint    comment 'Reading instant, epoch milliseconds',
  sensor_reading_at    timestamp comment 'sensor_reading_time as a UTC timestamp',
  distance_from_object int       comment 'Distance from the object, as measured by the device'
)
using iceberg
partitioned by (days(sensor_reading_at))
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

alter table trusted.step_trainer write ordered by serial_number, sensor_reading_time;
