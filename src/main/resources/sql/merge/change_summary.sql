-- The change set (view ${changes}) in one pass: its rows of each kind and, for the updates and
-- deletes (the rows the MERGE must find in the table), up to ${max_values} of their first key
-- values and the days they fall on (none for a table without a day column), and whether any of
-- them has a null first key or day, which a list of values cannot name.
select
  _change,
  count(*) as row_count,
  slice(collect_set(if(_change = 'insert', null, ${first_key})), 1, ${max_values}) as key_values,
  collect_set(if(_change = 'insert', null, to_date(${day}))) as days,
  coalesce(bool_or(_change <> 'insert' and ${first_key} is null), false) as null_key,
  coalesce(bool_or(_change <> 'insert' and ${day} is null), false) as null_day
from ${changes}
group by _change
