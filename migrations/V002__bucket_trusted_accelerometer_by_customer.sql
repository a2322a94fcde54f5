-- V002: trusted.accelerometer is partitioned by customer (8 hash buckets of user_email) as well as
-- by day.
-- Why: the work that concerns one customer then reads and rewrites one bucket in eight instead of
-- every file of the days they have readings on: the delete when their consent is withdrawn, the
-- purge that rewrites the files holding their rows, and Athena's query of one customer's readings
-- (support, subject access requests). A nightly file holds every customer of the night, so sorting
-- alone cannot keep a customer's rows apart across nights; buckets do.
-- Iceberg changes the spec in metadata only: the files written before keep the day-only spec and
-- are read as before (time travel included); new writes use both fields.
alter table trusted.accelerometer add partition field bucket(8, user_email) as user_email_bucket;
