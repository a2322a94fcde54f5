-- The instants of a first load (the bulk path): every instant of trusted.step_trainer, which
-- holds the step trainer reading of every pair there can be. machine_learning.scope.sql would
-- find no other: on a first load its new phone readings are every landing reading, each joined
-- with its owner, only to name the same instants.
select distinct serial_number, sensor_reading_time, sensor_reading_at
from ${trusted.step_trainer}
