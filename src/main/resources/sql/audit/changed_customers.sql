-- The customers whose rows main already had the consent audit reads again: their consent links may
-- have changed since main was published.
-- * Those with a landing record in view ${arrived} (the records since main consumed landing): their
--   consent or their device may have changed.
-- * Those whose trusted.accelerometer readings on main (view ${readings}: _file, _pos, user_email)
--   sit at a position the branch deleted (view ${deleted}: file_path, pos): a step trainer reading
--   or a pair linked through such a reading may have lost its link. The deleted positions are few
--   and the readings many, so the positions are broadcast.
-- E-mail in lower case and the serial number of each of their records, old and new.
with changed as (
  select lower(trim(email)) as email
  from ${arrived}
  union all
  select /*+ BROADCAST(d) */ lower(trim(r.user_email)) as email
  from ${readings} as r
  left semi join ${deleted} as d
    on r._file = d.file_path
    and r._pos = d.pos
)

select distinct lower(trim(c.email)) as email, c.serial_number
from ${landing.customer} as c
left semi join changed as a
  on lower(trim(c.email)) = a.email
