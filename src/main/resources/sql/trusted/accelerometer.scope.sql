-- Readings whose trusted status may have changed: the new landing readings, every landing reading
-- of a customer who entered trusted.customer since the last run, and every trusted reading of a
-- customer who entered or left it. A customer who left needs no landing reading: none of theirs
-- stays, and their trusted readings bring them into scope. Scope rows carry the whole reading and
-- its day (reading_at), which prunes the table's partitions. Readings without a time never reach
-- trusted.
with consent_changes as (
  select email, change from trusted_customer_changes where change <> 'updated'
),

new_readings as (
  select lower(trim(user_email)) as user_email, reading_time, x, y, z, reading_at
  from landing_accelerometer_delta
),

history_of_entered as (
  select lower(trim(a.user_email)) as user_email, a.reading_time, a.x, a.y, a.z, a.reading_at
  from ${landing.accelerometer} as a
  left semi join consent_changes as c
    on lower(trim(a.user_email)) = c.email and c.change = 'entered'
),

held_by_changed as (
  select t.user_email, t.reading_time, t.x, t.y, t.z, t.reading_at
  from ${trusted.accelerometer} as t
  left semi join consent_changes as c
    on t.user_email = c.email
),

readings as (
  select * from new_readings
  union all
  select * from history_of_entered
  union all
  select * from held_by_changed
)

select distinct * from readings where reading_time is not null
