-- The change set that makes ${target} equal to its desired contents (view ${desired}): one row per
-- key to insert, update or delete, the kind in column _change. Keys compare null-safely.
with desired as (
  select ${columns} from ${desired}
),

current_rows as (
  select ${columns} from ${target}
),

inserts as (
  select d.*, 'insert' as _change
  from desired as d
  left anti join current_rows as c
    on ${key_match}
),

updates as (
  select d.*, 'update' as _change
  from desired as d
  join current_rows as c
    on ${key_match}
  where not (${row_match})
),

deletes as (
  select c.*, 'delete' as _change
  from current_rows as c
  left anti join desired as d
    on ${key_match}
)

select * from inserts
union all
select * from updates
union all
select * from deletes
