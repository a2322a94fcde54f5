-- trusted.customer for the e-mails in scope: the latest record per e-mail (highest
-- last_update_date) if it consents to research. E-mails are compared in lower case. Among records
-- of one e-mail with equal last_update_date the most restrictive consent wins (a record without
-- share_with_research_as_of_date beats one with it), so a withdrawal never loses a tie; further
-- ties are broken by the record's content, so arrival order never matters. The consent audit
-- applies the same rule, written apart (sql/audit/consenting.sql).
with records as (
  select
    lower(trim(c.email)) as email_key,
    c.*
  from ${landing.customer} as c
  left semi join scope as s
    on lower(trim(c.email)) = s.email
),

ranked as (
  select
    *,
    row_number() over (
      partition by email_key
      order by
        last_update_date desc nulls last,
        share_with_research_as_of_date is null desc,
        to_json(struct(
          customer_name, email, phone, birth_day, serial_number, registration_date,
          share_with_research_as_of_date, share_with_public_as_of_date,
          share_with_friends_as_of_date
        )) desc
    ) as recency
  from records
),

latest as (
  select * from ranked where recency = 1
)

select
  email_key as email,
  customer_name,
  phone,
  birth_day,
  serial_number,
  registration_date,
  registration_at,
  last_update_date,
  last_update_at,
  share_with_research_as_of_date,
  share_with_research_at,
  share_with_public_as_of_date,
  share_with_public_at,
  share_with_friends_as_of_date,
  share_with_friends_at
from latest
where share_with_research_as_of_date is not null
