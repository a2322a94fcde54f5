-- Keys that more than one row of ${table} holds.
select
  ${key},
  count(*) as copies
from ${table}
group by ${key}
having count(*) > 1
