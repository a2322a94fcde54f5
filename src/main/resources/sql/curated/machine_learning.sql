-- curated.machine_learning for the instants in scope: each trusted step trainer reading of a
-- curated customer's device with the accelerometer readings of that owner at the same instant.
-- The owner link (serial number -> e-mail) is required: a join on the instant alone pairs readings
-- of different customers who share a timestamp. No direct identifiers. The day columns let Spark
-- prune partitions.
-- owned_steps: the step readings in scope whose device has a curated owner, with the owner e-mail
-- (machine_learning.owned_steps.sql; on a first load, machine_learning.owned_steps.bulk.sql).
select distinct
  s.serial_number,
  s.sensor_reading_time,
  s.sensor_reading_at,
  s.distance_from_object,
  p.x,
  p.y,
  p.z,
  -- A device's readings all go to one set (no leak between training and test sets); the hash
  -- is Spark's xxhash64 with its fixed seed, so the set never changes from run to run.
  case
    when pmod(xxhash64(s.serial_number), 10) < 8 then 'train'
    when pmod(xxhash64(s.serial_number), 10) = 8 then 'validation'
    else 'test'
  end as split
from owned_steps as s
join ${trusted.accelerometer} as p
  on p.reading_at = s.sensor_reading_at
  and p.user_email = s.email
  and p.reading_time = s.sensor_reading_time
