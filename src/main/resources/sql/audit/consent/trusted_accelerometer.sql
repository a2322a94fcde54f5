-- Consent link of trusted.accelerometer: a reading belongs to the consenting customer (view
-- ${consenting}, sql/audit/consenting.sql) with its user's e-mail. Gives the rows of ${rows} that
-- belong to one (${join} = left semi) or to none (left anti).
select r.*
from ${rows} as r
${join} join ${consenting} as c
  on r.user_email = c.email
