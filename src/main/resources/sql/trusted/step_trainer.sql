-- trusted.step_trainer: the distinct readings of devices whose serial number belongs to a
-- curated customer.
with readings as (
  select
    serial_number,
    sensor_reading_time,
    sensor_reading_at,
    distance_from_object
  from landing.step_trainer
),

curated_devices as (
  select serial_number from curated.customer
)

select distinct r.*
from readings as r
left semi join curated_devices as d
  on r.serial_number = d.serial_number
