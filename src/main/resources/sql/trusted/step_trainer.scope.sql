-- Readings whose trusted status may have changed: the new landing readings, every landing reading
-- of a device whose owner entered or left curated.customer since the last run, and every trusted
-- reading of such a device. Scope rows carry the whole reading and its day (sensor_reading_at),
-- which prunes the table's partitions. Readings without a time never reach trusted.
with changed_devices as (
  select serial_number from curated_customer_changes
),

new_readings as (
  select serial_number, sensor_reading_time, distance_from_object, sensor_reading_at
  from landing_step_trainer_delta
),

history_of_changed as (
  select l.serial_number, l.sensor_reading_time, l.distance_from_object, l.sensor_reading_at
  from ${landing.step_trainer} as l
  left semi join changed_devices as d
    on l.serial_number = d.serial_number
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
  select * from history_of_changed
  union all
  select * from held_by_changed
)

select distinct * from readings where sensor_reading_time is not null
