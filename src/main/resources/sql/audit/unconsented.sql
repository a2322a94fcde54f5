-- Keys of the rows of ${table} whose ${column} belongs to no consenting customer (view
-- ${consenting}, column ${consenting_column}).
select ${key}
from ${table} as t
left anti join ${consenting} as c
  on t.${column} = c.${consenting_column}
