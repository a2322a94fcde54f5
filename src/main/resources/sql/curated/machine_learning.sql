-- curated.machine_learning: each trusted step trainer reading with the accelerometer readings of
-- the device's owner at the same instant. The owner link (serial number -> e-mail) is required:
-- a join on the instant alone pairs readings of different customers who share a timestamp.
with step_readings as (
  select * from trusted.step_trainer
),

owners as (
  select email, serial_number from curated.customer
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
