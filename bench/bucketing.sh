#!/usr/bin/env bash
# The effect of migration V002 (trusted.accelerometer bucketed by customer as well as by day): the
# same deliveries through the stedi before V002 (day partitions only) and through this one. An
# initial load, then NIGHTS nights, each of new readings and newer records of about 1% of the
# customers (half of them changing consent). Prints per night the run's wall time and the time of
# its trusted.accelerometer stage, then the data files of the table and those a query of one
# customer's readings must read: the files whose partition and user_email bounds admit the
# customer, which is what Iceberg's planning (Spark's, Athena's) keeps.
#
#   bench/bucketing.sh                                   # 2,000,000 readings, 4,000 customers
#   READINGS=200000 CUSTOMERS=1000 NIGHTS=2 bench/bucketing.sh   # quick
#   BEFORE=<commit> bench/bucketing.sh                   # another "before" stedi
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readings=${READINGS:-2000000}
customers=${CUSTOMERS:-4000}
nights=${NIGHTS:-4}
before_commit=${BEFORE:-5ba2f78} # the last commit before schema migrations (and V002)
out=${OUT:-bench/out-bucketing}
rm -rf "$out"
mkdir -p "$out"

before="$out/stedi-before"
git worktree add --detach "$before" "$before_commit" >/dev/null 2>&1
trap 'git worktree remove --force "$before"' EXIT
"$before/bin/stedi" --version >/dev/null # builds both jars outside the measurement
bin/stedi --version >/dev/null

night() { # stedi launcher, warehouse, label
  local stedi=$1 warehouse=$2 label=$3
  /usr/bin/time -f "%e" -o "$out/$label.time" "$stedi" run --warehouse "$warehouse" \
    --source "$out/source" >"$out/$label.out" 2>"$out/$label.err"
  local stage
  stage=$(awk '$1 == "trusted.accelerometer" { print $(NF - 1) }' "$out/$label.out")
  printf '%-8s %-10s %8.1f s %10s s\n' "$label" "$(basename "$warehouse")" "$(cat "$out/$label.time")" "$stage"
}

files_for_one_customer() { # stedi launcher, warehouse, email, extra condition
  "$1" sql --warehouse "$2" --format json \
    "select count(*) as files, round(sum(file_size_in_bytes) / 1048576, 1) as mib
     from trusted.accelerometer.files
     where content = 0
       and readable_metrics.user_email.lower_bound <= '$3'
       and readable_metrics.user_email.upper_bound >= '$3' $4" 2>/dev/null
}

echo "data: $readings readings, $customers customers, $nights nights; machine: $(nproc) cores"
bin/stedi generate --out "$out/source" --customers "$customers" --readings "$readings" --seed 1 >/dev/null
printf '%-8s %-10s %10s %12s\n' night warehouse wall accel-stage
night "$before/bin/stedi" "$out/day-only" initial
night bin/stedi "$out/bucketed" initial
for n in $(seq 1 "$nights"); do
  bin/stedi generate --out "$out/source" --customers "$customers" \
    --readings "$((readings / 100))" --seed 1 --days-later "$n" >/dev/null
  night "$before/bin/stedi" "$out/day-only" "night-$n"
  night bin/stedi "$out/bucketed" "night-$n"
done

email=$(bin/stedi sql --warehouse "$out/bucketed" --format json \
  "select user_email from trusted.accelerometer order by user_email limit 1" 2>/dev/null |
  sed 's/.*"user_email":"\([^"]*\)".*/\1/')
echo "one customer: $email"
for w in day-only bucketed; do
  launcher=bin/stedi
  condition="and (partition.user_email_bucket is null or partition.user_email_bucket = system.bucket(8, '$email'))"
  if [ "$w" = day-only ]; then launcher="$before/bin/stedi"; condition=""; fi
  total=$("$launcher" sql --warehouse "$out/$w" --format json \
    "select count(*) as files, round(sum(file_size_in_bytes) / 1048576, 1) as mib
     from trusted.accelerometer.files where content = 0" 2>/dev/null)
  echo "$w: all data files $total; files holding $email $(files_for_one_customer "$launcher" "$out/$w" "$email" "$condition")"
done
