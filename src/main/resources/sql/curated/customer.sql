-- curated.customer for the e-mails in scope: trusted customers with at least one trusted
-- accelerometer reading.
with customers as (
  select c.*
  from trusted_customer_now as c
  left semi join scope as s
    on c.email = s.email
),

readers as (
  select a.user_email
  from trusted.accelerometer as a
  left semi join scope as s
    on a.user_email = s.email
)

select c.*
from customers as c
left semi join readers as r
  on c.email = r.user_email
