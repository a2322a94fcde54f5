#!/usr/bin/env bash
# The floor of issue 20: what the leanest incremental readings-only night of stedi's shape costs in
# a fresh JVM with Spark + Iceberg on this machine, beside the peer's full recompute (and stedi's
# own night), timed in turn on the same data in one run. Before the rounds, the first loads: the
# peer's, Floor's `load` and stedi's, one each, on the same data.
#
#   bench/floor.sh                       # 1,000,000 accelerometer readings (10,000 customers)
#   READINGS=10000000 bench/floor.sh     # 10,000,000
#   PAIRS=5 STEDI=0 bench/floor.sh       # five rounds, without stedi
#
# The floor is bench/floor/Floor.java (not the product): its `night` reads only the delivery's
# files, appends them to the two landing tables, appends the new rows of trusted.accelerometer,
# trusted.step_trainer and curated.machine_learning (the peer's logic), one commit each, and runs
# one count query over what it appended: no ledger, positions, branches, MERGE or audits. It runs
# with bin/stedi's classpath, JVM options, heap and JIT options, and a class-data-sharing
# archive of its own (trained by a warm-up night, as bin/stedi trains its own).
# Data: the peer's gen.py (100 readings a customer, --seed 1), loaded once by each of Floor and
# stedi; then the peer's delta.py 1% of readings. Each round times, whole process (JVM start
# included): the peer's full recompute; Floor's night on a fresh copy of its loaded warehouse;
# stedi's night on a fresh copy of its own (copies go back to the same path: Iceberg metadata holds
# absolute paths). Prints every round, medians, the ratios to the peer on wall and CPU seconds, and
# the median of each phase of Floor's night (its own "phase" lines: milliseconds, Spark jobs) and of
# each Iceberg commit and scan planning in it (Iceberg's metrics reports).
# The machine may be shared: compare ratios within one run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
home=$PWD

readings=${READINGS:-1000000}
customers=$((readings / 100))
pairs=${PAIRS:-3}
with_stedi=${STEDI:-1}
peer=${PEER:-../shared/peer}
out=${OUT:-bench/out-floor}
mkdir -p "$out"
out=$(cd "$out" && pwd)
src="$out/source"
[[ -x "$peer/run.sh" ]] ||
  { echo "Cannot bench: no $peer/run.sh; clone the repository with ../shared beside it" >&2; exit 2; }
rm -rf "${out:?}"/*

[ -f target/stedi-lakehouse.jar ] && [ -f target/classpath.txt ] && [ -f target/spark-classpath.txt ] ||
  mvn -B -q -DskipTests package
classpath="$out/floor.jar:$home/target/stedi-lakehouse.jar:$(cat target/classpath.txt):$(cat target/spark-classpath.txt)"
javac -nowarn -cp "$classpath" -d "$out/classes" bench/floor/Floor.java 2>"$out/javac.log" ||
  { cat "$out/javac.log" >&2; exit 1; }
jar cf "$out/floor.jar" -C "$out/classes" . # class-data sharing takes jars only

archive="$out/floor.jsa"
# Floor as bin/stedi starts a JVM to read a source: its options, heap and JIT options.
floor_reading() {
  # shellcheck disable=SC2207 # bin/jit prints a list of options
  floor=(java @bin/jvm.options "$(bin/heap)" $(bin/jit run --source "$1") -Xlog:cds=off,cds+dynamic=off)
  floor_cds=("${floor[@]}" -XX:SharedArchiveFile="$archive" -cp "$classpath" Floor)
}
floor_reading "$out/tiny"

# Warm-ups on a tiny data set, outside the measurement: the peer's jar, stedi's jar and archive,
# Floor's archive (trained by a night, what the rounds run).
warm() { "$@" >>"$out/warm-up.log" 2>&1 || { echo "Cannot bench: the warm-up failed; see $out/warm-up.log" >&2; exit 1; }; }
warm python3 "$peer/gen.py" --customers 20 --readings 10 --out "$out/tiny" --seed 1
warm "$peer/run.sh" "$out/tiny" "$out/tiny-out"
warm "${floor[@]}" -cp "$classpath" Floor load "$out/tiny" "$out/tiny-wh"
[ "$with_stedi" = 1 ] && warm bin/stedi run --source "$out/tiny" --warehouse "$out/tiny-stedi"
warm python3 "$peer/delta.py" "$out/tiny" 10 readings
warm "${floor[@]}" -XX:ArchiveClassesAtExit="$archive" -cp "$classpath" Floor night "$out/tiny" "$out/tiny-wh"
[ "$with_stedi" = 1 ] && warm bin/stedi run --source "$out/tiny" --warehouse "$out/tiny-stedi"
rm -rf "$out/tiny" "$out/tiny-out" "$out/tiny-wh" "$out/tiny-stedi"
[ -s "$archive" ] || { echo "Cannot bench: no class-data-sharing archive; see $out/warm-up.log" >&2; exit 1; }

measure() { # label, then the command; leaves "wall rss_kib user sys" in $out/label.time
  local label=$1
  shift
  /usr/bin/time -f "%e %M %U %S" -o "$out/$label.time" "$@" >"$out/$label.out" 2>"$out/$label.err" ||
    { echo "Cannot bench: $label failed (exit $?); see $out/$label.err" >&2; exit 1; }
}
restore() { rm -rf "$out/$1" && cp -a "$out/$1.loaded" "$out/$1"; }

echo "floor bench: $readings readings ($customers customers), $pairs rounds, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$peer/gen.py" --customers "$customers" --readings 100 --files-per-source 10 --seed 1 --out "$src" >/dev/null 2>&1
floor_reading "$src"
measure peer-load "$peer/run.sh" "$src" "$out/peer-out"
measure floor-load "${floor_cds[@]}" load "$src" "$out/floor-wh"
cp -a "$out/floor-wh" "$out/floor-wh.loaded"
if [ "$with_stedi" = 1 ]; then
  measure stedi-load bin/stedi run --source "$src" --warehouse "$out/stedi-wh"
  cp -a "$out/stedi-wh" "$out/stedi-wh.loaded"
fi
python3 "$peer/delta.py" "$src" 1 readings >"$out/delta.log"
for label in peer-load floor-load stedi-load; do
  if [ -f "$out/$label.time" ]; then
    awk -v l="$label" -v p="$(cat "$out/peer-load.time")" '{ split(p, q, " ");
      printf "%-10s %6.1f s wall, %6.1f s CPU; / peer-load: %4.2f wall, %4.2f CPU (not a round)\n",
        l, $1, $3 + $4, $1 / q[1], ($3 + $4) / (q[3] + q[4]) }' "$out/$label.time"
  fi
done

row() { awk -v l="$1" '{ printf "  %-6s %6.1f s %6.1f s %6d MiB", l, $1, $3 + $4, $2 / 1024 }' "$out/$2.time"; }
printf '%-6s %24s %24s %24s\n' round "peer: wall, CPU, RSS" "floor: wall, CPU, RSS" "stedi: wall, CPU, RSS"
for i in $(seq 1 "$pairs"); do
  measure "peer-$i" "$peer/run.sh" "$src" "$out/peer-out"
  restore floor-wh
  measure "floor-$i" "${floor_cds[@]}" night "$src" "$out/floor-wh"
  if [ "$with_stedi" = 1 ]; then
    restore stedi-wh
    measure "stedi-$i" bin/stedi run --source "$src" --warehouse "$out/stedi-wh"
  fi
  printf '%-6s%s%s%s   (load %s)\n' "$i" "$(row peer "peer-$i")" "$(row floor "floor-$i")" \
    "$([ "$with_stedi" = 1 ] && row stedi "stedi-$i")" "$(cut -d' ' -f1-3 /proc/loadavg)"
done

# The floor's tables after its night must hold what the peer's recompute writes.
"${floor_cds[@]}" counts "$src" "$out/floor-wh" 2>/dev/null | grep '^COUNTS' >"$out/floor.counts"
grep '^TOTAL' "$out/peer-1.out" | grep -o 'customer_trusted=.*' >"$out/peer.counts"
if [ "$(cut -d' ' -f2- "$out/floor.counts")" = "$(cat "$out/peer.counts")" ]; then
  echo "counts: floor = peer ($(cat "$out/peer.counts"))"
else
  echo "counts DIFFER: floor $(cut -d' ' -f2- "$out/floor.counts"); peer $(cat "$out/peer.counts")"
  status=1
fi

python3 - "$out" "$pairs" "$with_stedi" <<'PY'
import re, statistics, sys
out, pairs, with_stedi = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
def times(who):
    rows = [open(f"{out}/{who}-{i}.time").read().split() for i in range(1, pairs + 1)]
    return [float(r[0]) for r in rows], [float(r[2]) + float(r[3]) for r in rows], [int(r[1]) / 1024 for r in rows]
med = statistics.median
who = ["peer", "floor"] + (["stedi"] if with_stedi else [])
t = {w: times(w) for w in who}
print("medians      wall      CPU      RSS")
for w in who:
    print(f"  {w:<6} {med(t[w][0]):7.1f} s {med(t[w][1]):6.1f} s {med(t[w][2]):6.0f} MiB")
print("ratios to the peer (of medians)   wall    CPU")
for w in who[1:]:
    print(f"  {w}/peer {'':23} {med(t[w][0]) / med(t['peer'][0]):5.2f}  {med(t[w][1]) / med(t['peer'][1]):5.2f}")
print("floor night, median per phase (ms, Spark jobs):")
phases = {}
for i in range(1, pairs + 1):
    for line in open(f"{out}/floor-{i}.out"):
        m = re.match(r"phase (.+?)\s+(\d+) ms\s+(\d+) jobs", line)
        if m:
            phases.setdefault(m.group(1), []).append((int(m.group(2)), int(m.group(3))))
for name, v in phases.items():
    print(f"  {name:<36} {med(x[0] for x in v):7.0f} ms {med(x[1] for x in v):3.0f} jobs")
print("  of which Iceberg (its metrics reports; median ms):")
iceberg = {}
for i in range(1, pairs + 1):
    seen = {}
    for line in open(f"{out}/floor-{i}.out"):
        m = re.match(r"iceberg (commit|scan)\s+(\S+)\s+(\d+) ms", line)
        if m:
            key = f"{m.group(1)} {m.group(2)}"
            seen[key] = seen.get(key, 0) + 1
            iceberg.setdefault(f"{key} #{seen[key]}" if seen[key] > 1 else key, []).append(int(m.group(3)))
for name, v in iceberg.items():
    print(f"    {name:<50} {med(v):5.0f} ms")
PY
exit "${status:-0}"
