-- ops.schema_history: every attempt to apply a schema migration (migrations/V<NNN>__*.sql), one
-- row each; the latest attempt of a version says where it stands. Created and written by
-- `stedi migrate` (and by init and run when they apply migrations), never by a migration.
create table if not exists ops.schema_history (
  installed_rank     int       comment 'Order of the attempt among all attempts, from 1',
  version            int       comment 'Migration version: the NNN of V<NNN>__<description>.sql',
  description        string    comment 'Description from the file name, underscores as spaces',
  script             string    comment 'File name, e.g. V001__create_tables.sql',
  checksum           string    comment 'SHA-256 of the file, line endings as LF; an applied file must keep it',
  statements         int       comment 'Statements in the file',
  statements_applied int       comment 'Statements that ran: all on success, those before the failed one otherwise',
  applied_checksum   string    comment 'SHA-256 of the statements that ran; a resumed file must still start with them',
  success            boolean   comment 'True when every statement of the file ran',
  error              string    comment 'One-line error of the statement that failed; null on success',
  applied_at         timestamp comment 'When the attempt ended (UTC)',
  applied_by         string    comment 'Tool and version that made the attempt, e.g. stedi-lakehouse 0.1.0',
  execution_millis   bigint    comment 'Time the attempt took, milliseconds'
)
using iceberg
tblproperties (
  'format-version' = '2',
  'write.format.default' = 'parquet',
  'write.parquet.compression-codec' = 'zstd',
  'write.metadata.delete-after-commit.enabled' = 'true'
);
