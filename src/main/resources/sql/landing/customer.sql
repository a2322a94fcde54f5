-- landing.customer rows from the raw JSON of customer/landing/*.json (view ${raw}).
-- Only lines whose dates SourceField range-checked get here: timestamp_millis cannot overflow.
select
  customerName                                as customer_name,
  email,
  phone,
  birthDay                                    as birth_day,
  serialNumber                                as serial_number,
  registrationDate                            as registration_date,
  timestamp_millis(registrationDate)          as registration_at,
  lastUpdateDate                              as last_update_date,
  timestamp_millis(lastUpdateDate)            as last_update_at,
  shareWithResearchAsOfDate                   as share_with_research_as_of_date,
  timestamp_millis(shareWithResearchAsOfDate) as share_with_research_at,
  shareWithPublicAsOfDate                     as share_with_public_as_of_date,
  timestamp_millis(shareWithPublicAsOfDate)   as share_with_public_at,
  shareWithFriendsAsOfDate                    as share_with_friends_as_of_date,
  timestamp_millis(shareWithFriendsAsOfDate)  as share_with_friends_at,
  source_file,
  source_checksum,
  ingested_at,
  run_id
from ${raw}
