-- landing.accelerometer rows from the raw JSON of accelerometer/landing/*.json (view ${raw}).
-- Only lines whose dates SourceField range-checked get here: timestamp_millis cannot overflow.
select
  `user`                        as user_email,
  `timestamp`                 as reading_time,
  timestamp_millis(`timestamp`) as reading_at,
  x,
  y,
  z,
  source_file,
  source_checksum,
  ingested_at,
  run_id
from ${raw}
