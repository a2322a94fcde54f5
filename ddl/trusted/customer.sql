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
