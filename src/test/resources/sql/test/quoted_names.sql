-- Reads trusted.customer; comments and quoted strings keep their text.
select 'trusted.customer' as quoted, "landing.customer" as double_quoted, c.email
from ${trusted.customer} as c
