-- The trusted step trainer readings of the instants in scope whose device belongs to a curated
-- customer, each with that owner's e-mail: the only step readings that may have a
-- curated.machine_learning row (machine_learning.sql pairs them).
select s.*, o.email
from scope as i
join curated_customer_now as o
  on i.serial_number = o.serial_number
join ${trusted.step_trainer} as s
  on s.sensor_reading_at = i.sensor_reading_at
  and s.serial_number = i.serial_number
  and s.sensor_reading_time = i.sensor_reading_time
