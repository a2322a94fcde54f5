-- The customers with a landing record in view ${arrived} (those that arrived since main was
-- published): whose consent or device may have changed. E-mail in lower case and the serial
-- number of each of their records, old and new.
select distinct lower(trim(c.email)) as email, c.serial_number
from ${landing.customer} as c
left semi join ${arrived} as a
  on lower(trim(c.email)) = lower(trim(a.email))
