-- The trusted step trainer readings of the instants in scope whose device belongs to a curated
-- customer, each with that owner's e-mail: the only step readings that may have a
-- curated.machine_learning row (machine_learning.sql pairs them). The scope comes first: once
-- computed it carries its real size, so the join with the table broadcasts it and prunes days.
select s.*, o.email
from scope as i
join ${trusted.step_trainer} as s
  on s.sensor_reading_at = i.sensor_reading_at
  and s.serial_number = i.serial_number
  and s.sensor_reading_time = i.sensor_reading_time
join curated_customer_now as o
  on s.serial_number = o.serial_number
