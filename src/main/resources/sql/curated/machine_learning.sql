-- curated.machine_learning for the instants in scope: each trusted step trainer reading with the
-- accelerometer readings of the device's owner at the same instant. The owner link (serial
-- number -> e-mail) is required: a join on the instant alone pairs readings of different customers
-- who share a timestamp. No direct identifiers. The day columns let Spark prune partitions.
-- owned_instants: the instants in scope whose device has a curated owner, with the owner e-mail
-- (machine_learning.owned_instants.sql).
with phone_readings as (
  select a.*
  from ${trusted.accelerometer} as a
  left semi join owned_instants as i
    on a.reading_at = i.sensor_reading_at
    and a.user_email = i.email
    and a.reading_time = i.sensor_reading_time
),

paired as (
  select
    s.serial_number,
    s.sensor_reading_time,
    s.sensor_reading_at,
    s.distance_from_object,
    p.x,
    p.y,
    p.z,
    -- A device's readings all go to one set (no leak between training and test sets); the hash
    -- is Spark's xxhash64 with its fixed seed, so the set never changes from run to run.
    case
      when pmod(xxhash64(s.serial_number), 10) < 8 then 'train'
      when pmod(xxhash64(s.serial_number), 10) = 8 then 'validation'
      else 'test'
    end as split
  from owned_instants as i
  join ${trusted.step_trainer} as s
    on s.sensor_reading_at = i.sensor_reading_at
    and s.serial_number = i.serial_number
    and s.sensor_reading_time = i.sensor_reading_time
  join phone_readings as p
    on p.user_email = i.email
    and p.reading_time = i.sensor_reading_time
)

select distinct * from paired
