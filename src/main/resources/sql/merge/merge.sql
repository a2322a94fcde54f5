-- Applies a change set (view ${changes}) to ${target} in one commit. ${target_filter} is a
-- condition on the target alone that every row an update or delete matches meets: it lets Spark
-- drop the other target rows before the join.
merge into ${target} as t
using ${changes} as c
on ${target_filter} and ${key_match}
when matched and c._change = 'delete' then delete
when matched and c._change = 'update' then update set ${assignments}
when not matched and c._change = 'insert' then insert (${columns}) values (${values})
