-- curated.machine_learning for the instants in scope: each trusted step trainer reading with the
-- accelerometer readings of the device's owner at the same instant. The owner link (serial
-- number -> e-mail) is required: a join on the instant alone pairs readings of different customers
-- who share a timestamp. No direct identifiers.
with step_readings as (
  select t.*
  from trusted.step_trainer as t
  left semi join scope as s
    on t.serial_number = s.serial_number
    and t.sensor_reading_time = s.sensor_reading_time
),

owners as (
  select email, serial_number from curated_customer_now
),

phone_readings as (
  select * from trusted.accelerometer
),

paired as (
  select
    s.serial_number,
    s.sensor_reading_time,
    s.sensor_reading_at,
    s.distance_from_object,
    p.x,
    p.y,
    p.z
  from step_readings as s
  join owners as o
    on s.serial_number = o.serial_number
  join phone_readings as p
    on p.user_email = o.email
    and p.reading_time = s.sensor_reading_time
)

select distinct * from paired
