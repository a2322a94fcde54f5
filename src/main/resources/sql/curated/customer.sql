-- curated.customer: trusted customers with at least one trusted accelerometer reading.
with customers as (
  select * from trusted.customer
),

readings as (
  select user_email from trusted.accelerometer
)

select c.*
from customers as c
left semi join readings as r
  on c.email = r.user_email
