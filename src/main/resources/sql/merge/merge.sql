-- Applies a change set (view ${changes}) to ${target} in one commit.
merge into ${target} as t
using ${changes} as c
on ${key_match}
when matched and c._change = 'delete' then delete
when matched and c._change = 'update' then update set ${assignments}
when not matched and c._change = 'insert' then insert (${columns}) values (${values})
