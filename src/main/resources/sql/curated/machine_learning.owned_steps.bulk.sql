-- owned_steps on a first load (the bulk path): every trusted step trainer reading of a curated
-- customer's device, with the owner's e-mail. Every instant is in scope then, so no scope is read
-- (machine_learning.owned_steps.sql would find no other).
select s.*, o.email
from ${trusted.step_trainer} as s
join curated_customer_now as o
  on s.serial_number = o.serial_number
