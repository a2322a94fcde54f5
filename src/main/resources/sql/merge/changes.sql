-- The change set that makes the rows of a table in scope (view ${current}) equal to the desired
-- rows (view ${desired}), in one full outer join on the key (null-safe): one row per key to
-- insert, update or delete, the kind in column _change, the values those to write or to delete.
with desired as (
  select ${columns}, true as _present from ${desired}
),

current_rows as (
  select ${columns}, true as _present from ${current}
),

compared as (
  select
    ${chosen_columns},
    case
      when c._present is null then 'insert'
      when d._present is null then 'delete'
      when not (${row_match}) then 'update'
    end as _change
  from desired as d
  full outer join current_rows as c
    on ${key_match}
)

select * from compared where _change is not null
