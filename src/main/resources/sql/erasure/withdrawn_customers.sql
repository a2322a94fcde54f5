-- The customers who withdrew research consent: their latest landing record (of records tied on
-- last_update_date, the most restrictive) gives none, and an earlier one gave it. E-mails in the
-- form the zone rules compare them.
with records as (
  select
    lower(trim(email)) as email,
    last_update_date,
    share_with_research_as_of_date is not null as consents
  from ${landing.customer}
  where email is not null
),

latest as (
  select email, max(last_update_date) as last_update_date
  from records
  group by email
),

ever_consented as (
  select distinct email from records where consents
)

select r.email
from records as r
join latest as l
  on r.email = l.email
  and r.last_update_date <=> l.last_update_date
left semi join ever_consented as c
  on r.email = c.email
group by r.email
having not bool_and(r.consents)
order by r.email
