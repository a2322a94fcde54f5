-- Keys of an input table whose rows differ between the snapshot a stage last consumed (view
-- ${before}) and now (view ${now}): entered (only now), left (only before) or updated.
with removed as (
  select * from ${before}
  except
  select * from ${now}
),

added as (
  select * from ${now}
  except
  select * from ${before}
),

removed_keys as (
  select distinct ${key} from removed
),

added_keys as (
  select distinct ${key} from added
)

select
  ${coalesced_key},
  case
    when r.${first_key} is null then 'entered'
    when a.${first_key} is null then 'left'
    else 'updated'
  end as change
from added_keys as a
full outer join removed_keys as r
  on ${key_match}
