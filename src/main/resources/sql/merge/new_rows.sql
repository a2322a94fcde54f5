-- The desired rows (view ${desired}) that the table's rows in scope (view ${current}) lack: the
-- whole change set of a run that only adds rows (Stage.readings), found without the full outer
-- join of changes.sql.
select d.*
from ${desired} as d
left anti join ${current} as c
  on ${key_match}
