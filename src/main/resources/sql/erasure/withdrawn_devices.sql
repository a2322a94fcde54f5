-- The Step Trainers of the customers who withdrew (the view erasure_withdrawn): the serial numbers
-- of their landing records, and whether another customer's records name the serial too (on such
-- a device only the readings at the withdrawn customer's own instants are theirs).
with owners as (
  select distinct lower(trim(email)) as email, serial_number
  from ${landing.customer}
  where email is not null and serial_number is not null
),

owner_counts as (
  select serial_number, count(*) as owners
  from owners
  group by serial_number
)

select o.email as subject, o.serial_number as serial, c.owners > 1 as shared
from owners as o
join owner_counts as c
  on o.serial_number = c.serial_number
where o.email in (select email from erasure_withdrawn)
