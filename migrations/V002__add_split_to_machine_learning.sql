-- V002: curated.machine_learning gets split, the ML team's train / validation / test set of each
-- row, fixed per device: 80% of the Step Trainers train, 10% validate, 10% test.
-- Why in the table: a device's readings must never fall in two sets, and every tool must agree on
-- the set (Spark, Athena, a notebook); Athena has no function that reproduces Spark's hash, so the
-- set is computed once, by the transform (sql/curated/machine_learning.sql), and stored.
-- Rows written before this migration read null until the next run fills them: a stage recomputes
-- its whole table once when the table's schema is newer than its last write.
alter table curated.machine_learning add column split string
  comment 'ML set of the device: train (80%), validation (10%) or test (10%), from a hash of serial_number';
