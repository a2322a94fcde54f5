-- Consent link of trusted.customer: a row belongs to the consenting customer (view ${consenting},
-- sql/audit/consenting.sql) with its e-mail. Gives the rows of ${rows} that belong to one
-- (${join} = left semi) or to none (left anti).
select r.*
from ${rows} as r
${join} join ${consenting} as c
  on r.email = c.email
