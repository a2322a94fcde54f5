-- Consent link of trusted.step_trainer: a reading belongs to the consenting customers (view
-- ${consenting}, sql/audit/consenting.sql) whose latest record carries its serial number and who
-- have at least one trusted.accelerometer reading: the curated owners of the device, as the zone
-- rules say. A device shared with a consenting customer who has no readings is not enough. Gives
-- the rows of ${rows} that belong to one (${join} = left semi) or to none (left anti).
-- Why trusted.accelerometer is the link, not curated.customer or landing: its rows are themselves
-- consent-audited, by e-mail, in the same pass (and restored before this table in a rollback's
-- dependency order), so a reading there is one a consenting customer has now; curated.customer's
-- "has readings" is a transform's conclusion the audit must not take on trust.
-- The readings are probed against the consenting customers (a few thousand), not the other way
-- round, which would gather every reading's e-mail in one hash table.
with owners_with_readings as (
  select distinct c.serial_number
  from ${trusted.accelerometer} as a
  join ${consenting} as c
    on a.user_email = c.email
)

select r.*
from ${rows} as r
${join} join owners_with_readings as o
  on r.serial_number = o.serial_number
