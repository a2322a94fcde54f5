-- trusted.accelerometer for the readings in scope: the distinct readings whose user is a trusted
-- customer. The scope holds whole readings, so landing is not read again.
select
  s.user_email,
  s.reading_time,
  s.reading_at,
  s.x,
  s.y,
  s.z
from scope as s
left semi join trusted_customer_now as c
  on s.user_email = c.email
