-- The instants in scope whose device belongs to a curated customer, with that owner e-mail: the
-- only instants that may have a curated.machine_learning row.
select s.serial_number, s.sensor_reading_time, s.sensor_reading_at, o.email
from scope as s
join curated_customer_now as o
  on s.serial_number = o.serial_number
