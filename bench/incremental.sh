#!/usr/bin/env bash
# Benchmark of the nightly run: an initial load of a large generated data set, then two nights of
# 1% new rows each, then a run with nothing new. The first night brings readings only (the
# delivery's customer records held back); the second brings readings and newer records of about 1%
# of the customers, half of them changing consent, which makes the stages read every day of the
# sensor tables. Prints wall time (JVM start included) and peak resident memory of each run, and
# the ratio the project targets for each night (1% run <= 15% of the initial load).
#
#   bench/incremental.sh                      # 10,000,000 accelerometer readings, 20,000 customers
#   READINGS=1000000 bench/incremental.sh     # a quicker, smaller run
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readings=${READINGS:-10000000}
customers=${CUSTOMERS:-20000}
out=${OUT:-bench/out}
rm -rf "$out"
mkdir -p "$out"
bin/stedi --version >/dev/null # builds the jar outside the measurement

measure() { # label, then the stedi arguments
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$out/$label.time" bin/stedi "$@" >"$out/$label.out" 2>"$out/$label.err"
  read -r wall rss <"$out/$label.time"
  printf '%-14s %8.1f s %8.0f MiB\n' "$label" "$wall" "$((rss / 1024))"
  echo "$wall" >"$out/$label.wall"
}

echo "data: $readings accelerometer readings, $customers customers; machine: $(nproc) cores"
printf '%-14s %10s %12s\n' run wall peak-rss
measure generate generate --out "$out/source" --customers "$customers" --readings "$readings" --seed 1
measure initial run --warehouse "$out/warehouse" --source "$out/source"
measure delivery generate --out "$out/source" --customers "$customers" --readings "$((readings / 100))" --seed 1 --days-later 8
rm "$out"/source/customer/landing/customer-day008-*.json
measure readings-only run --warehouse "$out/warehouse" --source "$out/source"
measure delivery-2 generate --out "$out/source" --customers "$customers" --readings "$((readings / 100))" --seed 1 --days-later 16
measure one-percent run --warehouse "$out/warehouse" --source "$out/source"
measure nothing-new run --warehouse "$out/warehouse" --source "$out/source"

initial=$(cat "$out/initial.wall")
ratio() { awk -v a="$(cat "$out/$1.wall")" -v b="$initial" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
echo "1% run / initial load: readings only $(ratio readings-only), with consent changes $(ratio one-percent) (target <= 15%)"
echo "nothing-new run: $(cat "$out/nothing-new.wall") s (target < 20 s)"
echo "per-table detail: $out/*.out"
