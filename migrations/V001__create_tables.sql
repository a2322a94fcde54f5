-- V001: the tables of the lakehouse as they stood when schema history began (stedi 0.1.0).
-- Every statement is safe on a lakehouse created before then by `stedi init`: it creates only
-- what is missing, and the trusted and curated tables get the write-audit-publish property that
-- runs need to write on a branch.
-- The namespaces (landing, trusted, curated, ops, each with its own location) and
-- ops.schema_history are created by `stedi migrate` itself, before this file.

-- landing.customer: every customer record as delivered, one row per source line, append-only.
create table if not exists landing.customer (
  customer_name                  string    comment 'Full name as delivered (customerName)',
  email                          string    comment 'E-mail as delivered; identifies the customer, compared case-insensitively (email)',
  phone                          string    comment 'Phone number as delivered (phone)',
  birth_day                      string    comment 'Birthday as delivered, yyyy-MM-dd (birthDay)',
  serial_number                  string    comment 'Serial number of the Step Trainer the customer owns (serialNumber)',
  registration_date              bigint    comment 'Registration instant, epoch milliseconds (registrationDate)',
  registration_at                timestamp comment 'registration_date as a UTC timestamp',
  last_update_date               bigint    comment 'Instant of this version of the record, epoch milliseconds (lastUpdateDate)',
  last_update_at                 timestamp comment 'last_update_date as a UTC timestamp',
  share_with_research_as_of_date bigint    comment 'Research consent given at, epoch milliseconds; null = no consent (shareWithResearchAsOfDate)',
  share_with_research_at         timestamp comment 'share_with_research_as_of_date as a UTC timestamp',
  share_with_public_as_of_date   bigint    comment 'Public sharing consent given at, epoch milliseconds (shareWithPublicAsOfDate)',
  share_with_public_at           timestamp comment 'share_with_public_as_of_date as a UTC timestamp',
  share_with_friends_as_of_date  bigint    comment 'Friends sharing consent given at, epoch milliseconds (shareWithFriendsAsOfDate)',
  share_with_friends_at          timestamp comment 'share_with_friends_as_of_date as a UTC timestamp',
  source_file                    string    comment 'Lineage: source file, relative to the source root',
  source_checksum                string    comment 'Lineage: SHA-256 of the source file content',
  ingested_at                    timestamp comment 'Lineage: when the run ingested the file',
  run_id                         string    comment 'Lineage: the run that ingested the file'
)
using iceberg
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.metadata.delete-after-commit.enabled' = 'true'
);

-- landing.accelerometer: every phone accelerometer reading as delivered, append-only.
create table if not exists landing.accelerometer (
  user_email      string    comment 'E-mail of the customer who owns the phone, as delivered (user)',
  reading_time    bigint    comment 'Reading instant, epoch milliseconds (timestamp)',
  reading_at      timestamp comment 'reading_time as a UTC timestamp',
  x               double    comment 'Acceleration along x (x)',
  y               double    comment 'Acceleration along y (y)',
  z               double    comment 'Acceleration along z (z)',
  source_file     string    comment 'Lineage: source file, relative to the source root',
  source_checksum string    comment 'Lineage: SHA-256 of the source file content',
  ingested_at     timestamp comment 'Lineage: when the run ingested the file',
  run_id          string    comment 'Lineage: the run that ingested the file'
)
using iceberg
partitioned by (days(reading_at))
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.metadata.delete-after-commit.enabled' = 'true'
);

alter table landing.accelerometer write ordered by user_email, reading_time;

-- landing.step_trainer: every Step Trainer distance reading as delivered, append-only.
create table if not exists landing.step_trainer (
  serial_number        string    comment 'Serial number of the Step Trainer (serialNumber)',
  sensor_reading_time  bigint    comment 'Reading instant, epoch milliseconds (sensorReadingTime)',
  sensor_reading_at    timestamp comment 'sensor_reading_time as a UTC timestamp',
  distance_from_object int       comment 'Distance from the object, as measured by the device (distanceFromObject)',
  source_file          string    comment 'Lineage: source file, relative to the source root',
  source_checksum      string    comment 'Lineage: SHA-256 of the source file content',
  ingested_at          timestamp comment 'Lineage: when the run ingested the file',
  run_id               string    comment 'Lineage: the run that ingested the file'
)
using iceberg
partitioned by (days(sensor_reading_at))
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.metadata.delete-after-commit.enabled' = 'true'
);

alter table landing.step_trainer write ordered by serial_number, sensor_reading_time;

-- landing.rejects: the quarantine. Source lines that could not land, with the reason; a line
-- is written once whatever the reruns. Holds raw personal data, like the rest of landing.
create table if not exists landing.rejects (
  landing_table   string    comment 'Landing table the line was meant for, e.g. landing.accelerometer',
  source_file     string    comment 'Path under the source root, e.g. accelerometer/landing/a.json',
  source_checksum string    comment 'SHA-256 of the source file content, hex',
  line_number     bigint    comment 'Line number in the file, from 1; blank lines are counted but never rejected',
  raw_line        string    comment 'The line as delivered; bytes that are not UTF-8 are replaced by U+FFFD',
  reason          string    comment 'Why the line was quarantined, e.g. x is not a number; README lists them',
  rejected_at     timestamp comment 'When the run read the line (UTC)',
  run_id          string    comment 'The run that quarantined the line'
)
using iceberg
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.metadata.delete-after-commit.enabled' = 'true'
);

-- trusted.customer: the latest record per e-mail (highest last_update_date) of customers who consent to research.
create table if not exists trusted.customer (
  email                          string    comment 'E-mail in lower case; the merge key',
  customer_name                  string    comment 'Full name',
  phone                          string    comment 'Phone number',
  birth_day                      string    comment 'Birthday, yyyy-MM-dd',
  serial_number                  string    comment 'Serial number of the Step Trainer the customer owns',
  registration_date              bigint    comment 'Registration instant, epoch milliseconds',
  registration_at                timestamp comment 'registration_date as a UTC timestamp',
  last_update_date               bigint    comment 'Instant of the record in force, epoch milliseconds',
  last_update_at                 timestamp comment 'last_update_date as a UTC timestamp',
  share_with_research_as_of_date bigint    comment 'Research consent given at, epoch milliseconds; never null here',
  share_with_research_at         timestamp comment 'share_with_research_as_of_date as a UTC timestamp',
  share_with_public_as_of_date   bigint    comment 'Public sharing consent given at, epoch milliseconds',
  share_with_public_at           timestamp comment 'share_with_public_as_of_date as a UTC timestamp',
  share_with_friends_as_of_date  bigint    comment 'Friends sharing consent given at, epoch milliseconds',
  share_with_friends_at          timestamp comment 'share_with_friends_as_of_date as a UTC timestamp'
)
using iceberg
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.delete.mode' = 'merge-on-read',
  'write.update.mode' = 'merge-on-read',
  'write.merge.mode' = 'merge-on-read',
  'write.metadata.delete-after-commit.enabled' = 'true',
  'write.wap.enabled' = 'true'
);

-- trusted.accelerometer: the distinct accelerometer readings of trusted customers.
create table if not exists trusted.accelerometer (
  user_email   string    comment 'E-mail of the customer in lower case (a trusted.customer email)',
  reading_time bigint    comment 'Reading instant, epoch milliseconds',
  reading_at   timestamp comment 'reading_time as a UTC timestamp',
  x            double    comment 'Acceleration along x',
  y            double    comment 'Acceleration along y',
  z            double    comment 'Acceleration along z'
)
using iceberg
partitioned by (days(reading_at))
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.delete.mode' = 'merge-on-read',
  'write.update.mode' = 'merge-on-read',
  'write.merge.mode' = 'merge-on-read',
  'write.metadata.delete-after-commit.enabled' = 'true',
  'write.wap.enabled' = 'true'
);

alter table trusted.accelerometer write ordered by user_email, reading_time;

-- curated.customer: trusted customers with at least one trusted accelerometer reading.
create table if not exists curated.customer (
  email                          string    comment 'E-mail in lower case; the merge key',
  customer_name                  string    comment 'Full name',
  phone                          string    comment 'Phone number',
  birth_day                      string    comment 'Birthday, yyyy-MM-dd',
  serial_number                  string    comment 'Serial number of the Step Trainer the customer owns',
  registration_date              bigint    comment 'Registration instant, epoch milliseconds',
  registration_at                timestamp comment 'registration_date as a UTC timestamp',
  last_update_date               bigint    comment 'Instant of the record in force, epoch milliseconds',
  last_update_at                 timestamp comment 'last_update_date as a UTC timestamp',
  share_with_research_as_of_date bigint    comment 'Research consent given at, epoch milliseconds; never null here',
  share_with_research_at         timestamp comment 'share_with_research_as_of_date as a UTC timestamp',
  share_with_public_as_of_date   bigint    comment 'Public sharing consent given at, epoch milliseconds',
  share_with_public_at           timestamp comment 'share_with_public_as_of_date as a UTC timestamp',
  share_with_friends_as_of_date  bigint    comment 'Friends sharing consent given at, epoch milliseconds',
  share_with_friends_at          timestamp comment 'share_with_friends_as_of_date as a UTC timestamp'
)
using iceberg
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.delete.mode' = 'merge-on-read',
  'write.update.mode' = 'merge-on-read',
  'write.merge.mode' = 'merge-on-read',
  'write.metadata.delete-after-commit.enabled' = 'true',
  'write.wap.enabled' = 'true'
);

-- trusted.step_trainer: the distinct Step Trainer readings of devices owned by curated customers.
create table if not exists trusted.step_trainer (
  serial_number        string    comment 'Serial number of the Step Trainer (a curated.customer serial_number)',
  sensor_reading_time  bigint    comment 'Reading instant, epoch milliseconds',
  sensor_reading_at    timestamp comment 'sensor_reading_time as a UTC timestamp',
  distance_from_object int       comment 'Distance from the object, as measured by the device'
)
using iceberg
partitioned by (days(sensor_reading_at))
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.delete.mode' = 'merge-on-read',
  'write.update.mode' = 'merge-on-read',
  'write.merge.mode' = 'merge-on-read',
  'write.metadata.delete-after-commit.enabled' = 'true',
  'write.wap.enabled' = 'true'
);

alter table trusted.step_trainer write ordered by serial_number, sensor_reading_time;

-- curated.machine_learning: each trusted Step Trainer reading paired with the accelerometer
-- readings of the device's owner at the same instant. No direct identifiers.
create table if not exists curated.machine_learning (
  serial_number        string    comment 'Serial number of the Step Trainer (pseudonymous device id)',
  sensor_reading_time  bigint    comment 'Reading instant shared by both sensors, epoch milliseconds',
  sensor_reading_at    timestamp comment 'sensor_reading_time as a UTC timestamp',
  distance_from_object int       comment 'Step Trainer distance from the object',
  x                    double    comment 'Acceleration along x of the owner phone at that instant',
  y                    double    comment 'Acceleration along y of the owner phone at that instant',
  z                    double    comment 'Acceleration along z of the owner phone at that instant'
)
using iceberg
partitioned by (days(sensor_reading_at))
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.delete.mode' = 'merge-on-read',
  'write.update.mode' = 'merge-on-read',
  'write.merge.mode' = 'merge-on-read',
  'write.metadata.delete-after-commit.enabled' = 'true',
  'write.wap.enabled' = 'true'
);

alter table curated.machine_learning write ordered by serial_number, sensor_reading_time;

-- ops.runs: one row per finished `stedi run` (succeeded or failed), appended at its end.
create table if not exists ops.runs (
  run_id      string    comment 'Run id; also the tag of every table after the run and stedi.run-id in its snapshots',
  started_at  timestamp comment 'When the run started (UTC)',
  finished_at timestamp comment 'When the run ended (UTC)',
  status      string    comment 'succeeded or failed',
  source      string    comment 'Source root the run read',
  error       string    comment 'One-line error of a failed run; null otherwise'
)
using iceberg
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.metadata.delete-after-commit.enabled' = 'true'
);

-- ops.run_tables: what each run did to each table, one row per run and table.
create table if not exists ops.run_tables (
  run_id           string comment 'The run (ops.runs.run_id)',
  table_name       string comment 'Table, e.g. trusted.customer',
  rows_read        bigint comment 'Source rows the run read for this table (new landing rows, or new file rows for landing)',
  rows_inserted    bigint comment 'Rows inserted',
  rows_updated     bigint comment 'Rows updated',
  rows_deleted     bigint comment 'Rows deleted',
  snapshot_id      bigint comment 'Snapshot the run committed; null when it changed nothing',
  source_snapshots string comment 'Source snapshot range consumed, e.g. landing.accelerometer:123..456; empty for landing tables',
  millis           bigint comment 'Time spent on this table, milliseconds'
)
using iceberg
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.metadata.delete-after-commit.enabled' = 'true'
);

-- ops.source_files: the files each landing table has taken, one row per file and content, written
-- after the landing commit. Lets a run skip the files it knows by path, size and modification time
-- without reading them again; the landing rows themselves stay the proof of what was taken.
create table if not exists ops.source_files (
  source_file     string    comment 'Path under the source root, e.g. customer/landing/a.json',
  source_checksum string    comment 'SHA-256 of the file content, hex',
  size_bytes      bigint    comment 'Size of the file when it was taken, bytes',
  modified_at     timestamp comment 'Last modification time of the file when it was taken (UTC)',
  landing_table   string    comment 'Landing table the file was taken into, e.g. landing.customer',
  run_id          string    comment 'Run that took the file, or found its rows already in landing'
)
using iceberg
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.metadata.delete-after-commit.enabled' = 'true'
);

-- Tables created before runs published through a branch lack the property the create declares.
alter table trusted.customer set tblproperties ('write.wap.enabled' = 'true');
alter table trusted.accelerometer set tblproperties ('write.wap.enabled' = 'true');
alter table curated.customer set tblproperties ('write.wap.enabled' = 'true');
alter table trusted.step_trainer set tblproperties ('write.wap.enabled' = 'true');
alter table curated.machine_learning set tblproperties ('write.wap.enabled' = 'true');
