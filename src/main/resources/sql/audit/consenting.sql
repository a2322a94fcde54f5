-- The customers the privacy rule admits: e-mails (in lower case) whose latest landing record
-- (highest last_update_date) consents to research, with that record's serial number. Written
-- apart from the transforms on purpose: the publish audit checks their output against it.
with latest as (
  select
    lower(trim(email))    as email,
    max(last_update_date) as last_update_date
  from landing.customer
  group by lower(trim(email))
)

select distinct
  l.email,
  c.serial_number
from landing.customer as c
join latest as l
  on lower(trim(c.email)) = l.email
  and c.last_update_date = l.last_update_date
where c.share_with_research_as_of_date is not null
