#!/usr/bin/env bash
# What migrating a lakehouse that holds data costs: a lakehouse loaded by the stedi of before
# schema migrations (it has the tables but no history), then, with this stedi: `stedi migrate`
# (V001 takes the lakehouse under history, V002 adds curated.machine_learning.split), the first
# run after it with nothing new delivered (it recomputes curated.machine_learning once, to fill the
# new column), and a second such run (back to nothing to do). Prints wall time (JVM start
# included) and peak resident memory of each, and the rows per split.
#
#   bench/migration.sh                       # 2,000,000 accelerometer readings, 4,000 customers
#   READINGS=200000 bench/migration.sh       # quick
#   BEFORE=<commit> bench/migration.sh       # another "before" stedi
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readings=${READINGS:-2000000}
customers=${CUSTOMERS:-4000}
before_commit=${BEFORE:-5ba2f78} # the last commit before schema migrations
out=${OUT:-bench/out-migration}
rm -rf "$out"
mkdir -p "$out"

before="$out/stedi-before"
git worktree add --detach "$before" "$before_commit" >/dev/null 2>&1
trap 'git worktree remove --force "$before"' EXIT
"$before/bin/stedi" --version >/dev/null # builds both jars outside the measurement
bin/stedi --version >/dev/null

measure() { # label, stedi launcher, then its arguments
  local label=$1 stedi=$2
  shift 2
  /usr/bin/time -f "%e %M" -o "$out/$label.time" "$stedi" "$@" >"$out/$label.out" 2>"$out/$label.err"
  read -r wall rss <"$out/$label.time"
  printf '%-28s %8.1f s %8.0f MiB\n' "$label" "$wall" "$((rss / 1024))"
}

echo "data: $readings accelerometer readings, $customers customers; machine: $(nproc) cores"
bin/stedi generate --out "$out/source" --customers "$customers" --readings "$readings" --seed 1 >/dev/null
printf '%-28s %10s %12s\n' step wall peak-rss
measure "initial load (before)" "$before/bin/stedi" run --warehouse "$out/warehouse" --source "$out/source"
measure "stedi migrate" bin/stedi migrate --warehouse "$out/warehouse"
measure "first run after" bin/stedi run --warehouse "$out/warehouse" --source "$out/source"
measure "second run after" bin/stedi run --warehouse "$out/warehouse" --source "$out/source"
echo "first run after, per table:"
sed -n '3,$p' "$out/first run after.out"
bin/stedi sql --warehouse "$out/warehouse" \
  "select split, count(distinct serial_number) as devices, count(*) as rows
   from curated.machine_learning group by split order by split" 2>/dev/null
