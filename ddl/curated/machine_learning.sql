-- curated.machine_learning: each trusted Step Trainer reading paired with the accelerometer
-- readings of the device's owner at the same instant. No direct identifiers.
create table if not exists curated.machine_learning (
  serial_number        string    comment 'Serial number of the Step Trainer (pseudonymous device id)',
  sensor_reading_time  bigint    comment 'Reading instant shared by both sensors, epoch milliseconds',
  sensor_reading_at    timestamp comment 'sensor_reading_time as a UTC timestamp',
  distance_from_object int       comment 'Step Trainer distance from the object',
  x                    double    comment 'Acceleration along x of the owner phone at that instant',
  y                    double    comment 'Acceleration along y of the owner phone at that instant',
  z                    double    comment 'Acceleration along z of the owner phone at that instant',
  split                string    comment 'ML set of the device: train (80%), validation (10%) or test (10%), from a hash of serial_number'
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

alter table curated.machine_learning write ordered by serial_number, sensor_reading_time;
