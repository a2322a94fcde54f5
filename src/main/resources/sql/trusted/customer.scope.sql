-- E-mails whose latest record may have changed: every e-mail with a new landing record.
select distinct lower(trim(email)) as email
from landing_customer_delta
where nullif(trim(email), '') is not null
