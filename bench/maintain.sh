#!/usr/bin/env bash
# Benchmark of `stedi maintain` on the large data set after 30 small incremental runs: wall time and
# peak memory of the maintenance, data and delete files before and after, and the time of a
# full-table count (JVM start included) before and after.
#
#   bench/maintain.sh                     # reuses bench/out/warehouse from an earlier call when present
#   READINGS=1000000 bench/maintain.sh    # a quicker, smaller run from scratch
#
# Each small run delivers 0.1% more readings, D days later, with newer records of about 1% of the
# customers (half of them changing consent), as `stedi generate --days-later D` writes them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readings=${READINGS:-10000000}
customers=${CUSTOMERS:-20000}
runs=${RUNS:-30}
out=${OUT:-bench/out}
warehouse="$out/warehouse"
source="$out/source"
log="$out/maintain"
rm -rf "$log"
mkdir -p "$log"
bin/stedi --version >/dev/null # builds the jar outside the measurement

timed() { # label, then the stedi arguments; prints "wall rss" to $log/label.time
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$log/$label.time" bin/stedi "$@" >"$log/$label.out" 2>"$log/$label.err"
}

files() { # label: data and delete files of the sensor tables, from Iceberg's metadata tables
  bin/stedi sql --warehouse "$warehouse" --format json "
    select 'trusted.accelerometer' as t, content, count(*) as files from trusted.accelerometer.files group by content
    union all select 'trusted.step_trainer', content, count(*) from trusted.step_trainer.files group by content
    union all select 'curated.machine_learning', content, count(*) from curated.machine_learning.files group by content
    order by 1, 2" >"$log/files-$1.json" 2>/dev/null
}

if [[ ! -d "$warehouse" ]]; then
  echo "no $warehouse: generating $readings readings and loading them"
  rm -rf "$out/source"
  bin/stedi generate --out "$source" --customers "$customers" --readings "$readings" --seed 1 >/dev/null
  bin/stedi run --warehouse "$warehouse" --source "$source" >/dev/null 2>&1
fi

echo "data: $warehouse after the initial load; $runs small runs of $((readings / 1000)) readings each"
for ((i = 1; i <= runs; i++)); do
  day=$((100 + i))
  bin/stedi generate --out "$source" --customers "$customers" --readings "$((readings / 1000))" --seed 1 --days-later "$day" >/dev/null
  timed "run-$i" run --warehouse "$warehouse" --source "$source"
done
awk '{ s += $1 } END { printf "%d small runs: %.0f s in all, %.1f s each on average\n", NR, s, s / NR }' "$log"/run-*.time

count="select count(*) from curated.machine_learning"
files before
timed count-before sql --warehouse "$warehouse" "$count"
timed maintain maintain --warehouse "$warehouse"
files after
timed count-after sql --warehouse "$warehouse" "$count"

read -r mw mr <"$log/maintain.time"
read -r cb _ <"$log/count-before.time"
read -r ca _ <"$log/count-after.time"
printf 'maintain: %.1f s, %d MiB peak\n' "$mw" "$((mr / 1024))"
printf 'count(*) of curated.machine_learning: %.1f s before, %.1f s after (JVM start included)\n' "$cb" "$ca"
echo "files (content 0 = data, 1 = position deletes) before: $(cat "$log/files-before.json")"
echo "files after: $(cat "$log/files-after.json")"
echo "per-table summary: $log/maintain.out"
