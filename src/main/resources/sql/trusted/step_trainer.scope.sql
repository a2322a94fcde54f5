-- Readings whose trusted status may have changed: the new landing readings, every landing reading
-- of a device that gained a curated owner since the last run, and every trusted reading of a
-- device that gained or lost one (curated.customer's changes are by e-mail and serial number; one
-- whose other columns changed moves no reading). A device that lost an owner needs no landing
-- reading: its trusted readings bring it into scope, and it keeps them only if another owner
-- remains. Scope rows carry the whole reading and its day (sensor_reading_at), which prunes the
-- table's partitions. Readings without a time never reach trusted.
with changed_devices as (
  select serial_number, change from curated_customer_changes where change <> 'updated'
),

new_readings as (
  select serial_number, sensor_reading_time, distance_from_object, sensor_reading_at
  from landing_step_trainer_delta
),

history_of_gained as (
  select l.serial_number, l.sensor_reading_time, l.distance_from_object, l.sensor_reading_at
  from ${landing.step_trainer} as l
  left semi join changed_devices as d
    on l.serial_number = d.serial_number and d.change = 'entered'
),

held_by_changed as (
  select t.serial_number, t.sensor_reading_time, t.distance_from_object, t.sensor_reading_at
  from ${trusted.step_trainer} as t
  left semi join changed_devices as d
    on t.serial_number = d.serial_number
),

readings as (
  select * from new_readings
  union all
  select * from history_of_gained
  union all
  select * from held_by_changed
)

select distinct * from readings where sensor_reading_time is not null
