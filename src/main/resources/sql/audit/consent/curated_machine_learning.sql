-- Consent link of curated.machine_learning: a row belongs to a consenting owner of its device (view
-- ${consenting}, sql/audit/consenting.sql: a consenting customer whose latest record carries the
-- serial number) whose trusted.accelerometer reading at the same instant (same time, and so same
-- day, as the zone rules pair them) has the row's x, y, z. A device shared with another consenting
-- customer is not enough: the x, y, z are the owner's own readings. Gives the rows of ${rows} that
-- belong to one (${join} = left semi) or to none (left anti).
-- Why trusted.accelerometer is the link: its rows are themselves consent-audited, by e-mail, in
-- the same pass (and restored before this table in a rollback's dependency order), so a reading
-- there is one a consenting customer has now.
-- ${reading_days}: a.reading_at falls on a day of the rows' sensor_reading_at (true when those
-- days are not known): readings of other days pair with none of the rows, and are not read.
with owner_readings as (
  select c.serial_number, a.reading_at, a.reading_time, a.x, a.y, a.z
  from ${trusted.accelerometer} as a
  join ${consenting} as c
    on a.user_email = c.email
  where ${reading_days}
)

select r.*
from ${rows} as r
${join} join owner_readings as o
  on r.serial_number = o.serial_number
  and r.sensor_reading_at = o.reading_at
  and r.sensor_reading_time = o.reading_time
  and r.x <=> o.x
  and r.y <=> o.y
  and r.z <=> o.z
