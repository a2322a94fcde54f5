-- curated.customer for the e-mails in scope: trusted customers with at least one trusted
-- accelerometer reading. Trusted readings are never removed but with their customer, so a
-- customer with new readings, or already curated and still trusted, has one; only a customer who
-- entered trusted since the last run needs a look at trusted.accelerometer.
with customers as (
  select c.*
  from trusted_customer_now as c
  left semi join scope as s
    on c.email = s.email
),

new_readers as (
  select lower(trim(user_email)) as email
  from landing_accelerometer_delta
  where reading_time is not null
),

still_curated as (
  select c.email
  from ${curated.customer} as c
  left semi join trusted_customer_changes as t
    on c.email = t.email and t.change = 'updated'
),

entered_readers as (
  select a.user_email as email
  from ${trusted.accelerometer} as a
  left semi join trusted_customer_changes as t
    on a.user_email = t.email and t.change = 'entered'
),

readers as (
  select email from new_readers
  union all
  select email from still_curated
  union all
  select email from entered_readers
)

select c.*
from customers as c
left semi join readers as r
  on c.email = r.email
