-- landing.step_trainer: every Step Trainer distance reading as delivered, append-only.
create table if not exists landing.step_trainer (
  serial_number        string    comment 'Serial number of the Step Trainer (serialNumber)',
  sensor_reading_time  bigint    comment 'Reading instant, epoch milliseconds (sensorReadingTime)',
  sensor_reading_at    timestamp comment 'sensor_reading_time as a UTC timestamp',
  distance_from_object int       comment 'Distance from the object, as measured by the device (distanceFromObject)',
  source_file          string    comment 'Lineage: source file, relative to the source root',
  source_checksum      string    comment 'Lineage: SHA-256 of the source file content',
  ingested_at          timestamp comment 'Lineage: when the run ingested the file',
  run_id               string    comment 'Lineage: the run that ingested the file'
)
using iceberg
partitioned by (days(sensor_reading_at))
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.metadata.delete-after-commit.enabled' = 'true'
);

alter table landing.step_trainer write ordered by serial_number, sensor_reading_time;
