-- The accelerometer readings of the customers who withdrew (the view erasure_withdrawn): they
-- link their step trainer readings on a shared device and their machine_learning rows.
select distinct lower(trim(user_email)) as subject, reading_time, x, y, z
from ${landing.accelerometer}
where lower(trim(user_email)) in (select email from erasure_withdrawn)
