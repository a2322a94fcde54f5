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
