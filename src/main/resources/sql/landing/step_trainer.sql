-- landing.step_trainer rows from the raw JSON of step_trainer/landing/*.json (view ${raw}).
-- Only lines whose dates SourceField range-checked get here: timestamp_millis cannot overflow.
select
  serialNumber                        as serial_number,
  sensorReadingTime                   as sensor_reading_time,
  timestamp_millis(sensorReadingTime) as sensor_reading_at,
  distanceFromObject                  as distance_from_object,
  source_file,
  source_checksum,
  ingested_at,
  run_id
from ${raw}
