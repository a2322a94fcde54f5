-- Keys that more than one row of ${table} holds, among the keys of the rows in view ${added}
-- (what a run added), looked up on the days those rows fall on only. The hint (or
-- nothing) broadcasts the added keys when they are few.
select ${hint}
  ${key},
  count(*) as copies
from ${table} as t
left semi join ${added} as a
  on ${key_match}
where ${days}
group by ${key}
having count(*) > 1
