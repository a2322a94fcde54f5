-- The customers the privacy rule admits: e-mails (in lower case) whose latest landing record
-- consents to research, with that record's serial number, one row per e-mail. The latest record
-- has the highest last_update_date; among records with equal last_update_date the most restrictive
-- consent wins (a record without share_with_research_as_of_date beats one with it), then the
-- record's content decides. Written apart from the transforms on purpose (sql/trusted/customer.sql
-- states the same rule): the publish audit checks their output against it.
with ranked as (
  select
    lower(trim(email)) as email,
    serial_number,
    share_with_research_as_of_date,
    row_number() over (
      partition by lower(trim(email))
      order by
        last_update_date desc nulls last,
        share_with_research_as_of_date is null desc,
        to_json(struct(
          customer_name, email, phone, birth_day, serial_number, registration_date,
          share_with_research_as_of_date, share_with_public_as_of_date,
          share_with_friends_as_of_date
        )) desc
    ) as recency
  from ${landing.customer}
)

select email, serial_number
from ranked
where recency = 1
  and share_with_research_as_of_date is not null
