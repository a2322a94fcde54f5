-- curated.machine_learning on a first load: machine_learning.sql for every instant, as one join of
-- the whole trusted tables. Each trusted step trainer reading of a curated customer's device with
-- that owner's accelerometer readings at the same instant; no instant view, no semi join.
select distinct
  s.serial_number,
  s.sensor_reading_time,
  s.sensor_reading_at,
  s.distance_from_object,
  p.x,
  p.y,
  p.z,
  -- A device's readings all go to one set (see machine_learning.sql).
  case
    when pmod(xxhash64(s.serial_number), 10) < 8 then 'train'
    when pmod(xxhash64(s.serial_number), 10) = 8 then 'validation'
    else 'test'
  end as split
from ${trusted.step_trainer} as s
join curated_customer_now as o
  on s.serial_number = o.serial_number
join ${trusted.accelerometer} as p
  on p.user_email = o.email
  and p.reading_time = s.sensor_reading_time
  and p.reading_at = s.sensor_reading_at
