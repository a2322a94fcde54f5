-- trusted.step_trainer for the readings in scope: the distinct readings of devices whose serial
-- number belongs to a curated customer. The scope holds whole readings.
select
  s.serial_number,
  s.sensor_reading_time,
  s.sensor_reading_at,
  s.distance_from_object
from scope as s
left semi join curated_customer_now as c
  on s.serial_number = c.serial_number
