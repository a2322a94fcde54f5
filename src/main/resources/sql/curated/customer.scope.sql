-- E-mails whose curated status or record may have changed: customers with new readings, and
-- customers whose trusted record entered, left or changed since the last run.
select distinct lower(trim(user_email)) as email
from landing_accelerometer_delta
union
select email
from trusted_customer_changes
