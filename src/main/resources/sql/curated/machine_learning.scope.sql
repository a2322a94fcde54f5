-- Instants (device, time) whose pairs may have changed: new step trainer readings, new
-- accelerometer readings of a curated device owner, and every instant of a device whose owner
-- entered or left curated.customer since the last run (its changes are by e-mail and serial
-- number; an owner whose other columns changed pairs the same readings). Each carries its day
-- (sensor_reading_at), which prunes the table's partitions.
with changed_devices as (
  select serial_number from curated_customer_changes where change <> 'updated'
),

new_steps as (
  select serial_number, sensor_reading_time
  from landing_step_trainer_delta
),

new_phone_readings as (
  select o.serial_number, a.reading_time as sensor_reading_time
  from landing_accelerometer_delta as a
  join curated_customer_now as o
    on lower(trim(a.user_email)) = o.email
),

steps_of_changed as (
  select t.serial_number, t.sensor_reading_time
  from ${trusted.step_trainer} as t
  left semi join changed_devices as d
    on t.serial_number = d.serial_number
),

held_by_changed as (
  select m.serial_number, m.sensor_reading_time
  from ${curated.machine_learning} as m
  left semi join changed_devices as d
    on m.serial_number = d.serial_number
),

instants as (
  select * from new_steps
  union all
  select * from new_phone_readings
  union all
  select * from steps_of_changed
  union all
  select * from held_by_changed
)

select distinct
  serial_number,
  sensor_reading_time,
  timestamp_millis(sensor_reading_time) as sensor_reading_at
from instants
where sensor_reading_time is not null
