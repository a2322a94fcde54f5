-- Appends an insert-only change set (view ${changes}) to ${target}: no row of the table is read.
insert into ${target}
select ${columns} from ${changes} where _change = 'insert'
