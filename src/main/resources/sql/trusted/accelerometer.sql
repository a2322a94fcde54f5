-- trusted.accelerometer: the distinct readings whose user is a trusted customer.
with readings as (
  select
    lower(trim(user_email)) as user_email,
    reading_time,
    reading_at,
    x,
    y,
    z
  from landing.accelerometer
),

trusted_customers as (
  select email from trusted.customer
)

select distinct r.*
from readings as r
left semi join trusted_customers as c
  on r.user_email = c.email
