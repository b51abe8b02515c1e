#!/usr/bin/env bash
# The batch benchmark (see BENCHMARKS.md): `parscore rank` against the calamine floor and an
# openpyxl script, side by side on the same generated workbooks.
#
#   benches/run.sh            # N = 100 and 1000, each measurement run 3 times (median)
#   SIZES="100" RUNS=1 benches/run.sh
#   CACHEGRIND=0 benches/run.sh   # without the instruction counts (they take a minute)
#
# It builds release binaries, writes N filled workbooks of lai-chau/so/2025 into a temporary
# folder (crates/write/examples/make_units.rs), installs openpyxl into a virtualenv under
# target/ (never in CI), and measures wall time and peak memory with GNU time (`time -v`).
# Then, when valgrind is installed, it counts the instructions parscore and the floor execute
# on 100 workbooks with one thread (cachegrind): unlike time, they do not move with the load
# of a shared machine.
# Not a test: nothing here fails on a slow machine; it prints a table to read.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"100 1000"}
RUNS=${RUNS:-3}
SEED=${SEED:-2025}

if ! /usr/bin/time -v true >/dev/null 2>&1; then
    echo "benches: installing GNU time (apt-get install time)" >&2
    apt-get install -y -qq time >/dev/null
fi

echo "benches: building release binaries" >&2
cargo build --release --quiet --bin parscore
cargo build --release --quiet -p parscore-write --example make_units
cargo build --release --quiet -p parscore-read --example read_floor
# PARSCORE=path/to/parscore compares another build (e.g. a branch built elsewhere).
PARSCORE=${PARSCORE:-target/release/parscore}
FLOOR=target/release/examples/read_floor
MAKE=target/release/examples/make_units

VENV=target/bench-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import openpyxl" 2>/dev/null; then
    echo "benches: installing openpyxl into $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check openpyxl
fi
PY="$VENV/bin/python"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/parscore-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# median: the middle of the numbers on stdin.
median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# measure NAME CMD...: runs CMD $RUNS times under GNU time; prints the median wall time and
# the median CPU time (user + system, in seconds), and the largest peak RSS (kB).
measure() {
    local name=$1
    shift
    local walls=() cpus=() rss=0 r
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || {
            echo "benches: $name failed:" >&2
            cat "$WORK/$name.err" >&2
            exit 1
        }
        walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {
            n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$WORK/time.txt")")
        cpus+=("$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$WORK/time.txt")")
        r=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
        ((r > rss)) && rss=$r
    done
    echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median) $rss"
}

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB memory, $(uname -sr)"
echo "runs per measurement: $RUNS (median wall time, largest peak RSS)"
echo
printf '%6s  %-28s %9s %12s %8s %10s\n' "N" "tool" "wall (s)" "per wb (ms)" "CPU (s)" "peak (MB)"
for n in $SIZES; do
    dir="$WORK/units-$n"
    "$MAKE" "$dir" "$n" "$SEED" >/dev/null
    # Warm the page cache, so no tool pays for the first read from disk.
    "$FLOOR" "$dir" >/dev/null

    read -r p_wall p_cpu p_rss < <(measure parscore "$PARSCORE" rank "$dir" --quiet --format json)
    read -r f_wall f_cpu f_rss < <(measure floor "$FLOOR" "$dir")
    read -r o_wall o_cpu o_rss < <(measure openpyxl "$PY" benches/openpyxl_sum.py "$dir")

    # Same work: parscore must rank every unit, and its totals must add up to openpyxl's.
    "$PY" - "$WORK/parscore.out" "$WORK/openpyxl.out" "$n" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
n = int(sys.argv[3])
assert report["ranked"] == n and report["failed"] == 0, (report["ranked"], report["failed"])
ours = sum(float(u["total"]) for u in report["units"])
theirs = float(open(sys.argv[2]).read().split()[-1])
assert abs(ours - theirs) < 1e-6 * n, (ours, theirs)
EOF

    for row in "parscore rank|$p_wall|$p_cpu|$p_rss" \
        "calamine floor (read_floor)|$f_wall|$f_cpu|$f_rss" \
        "openpyxl script|$o_wall|$o_cpu|$o_rss"; do
        IFS='|' read -r name wall cpu rss <<<"$row"
        awk -v n="$n" -v name="$name" -v w="$wall" -v c="$cpu" -v r="$rss" 'BEGIN {
            printf "%6d  %-28s %9.2f %12.2f %8.2f %10.1f\n", n, name, w, w * 1000 / n, c, r / 1024 }'
    done
    awk -v p="$p_wall" -v f="$f_wall" -v o="$o_wall" -v pc="$p_cpu" -v fc="$f_cpu" -v oc="$o_cpu" \
        'BEGIN { printf "%6s  wall: parscore/floor = %.2f×, openpyxl/parscore = %.1f×;", "", p / f, o / p
                 printf "  CPU: %.2f×, %.1f×\n\n", pc / fc, oc / pc }'
done

# Instructions executed, one thread (RAYON_NUM_THREADS=1), on 100 workbooks.
if [ "${CACHEGRIND:-1}" = 1 ] && command -v valgrind >/dev/null; then
    dir="$WORK/units-cachegrind"
    "$MAKE" "$dir" 100 "$SEED" >/dev/null
    # instructions CMD...: the instructions CMD executes ("I refs" in cachegrind's summary).
    instructions() {
        RAYON_NUM_THREADS=1 valgrind --tool=cachegrind --cache-sim=no \
            --cachegrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
            awk '/I +refs:/ {gsub(",", "", $NF); print $NF}'
    }
    p_ins=$(instructions "$PARSCORE" rank "$dir" --quiet --format json)
    f_ins=$(instructions "$FLOOR" "$dir")
    echo "instructions (cachegrind, 100 workbooks, one thread):"
    awk -v p="$p_ins" -v f="$f_ins" 'BEGIN {
        printf "        parscore rank %.3f G, calamine floor %.3f G: parscore/floor = %.2f×\n",
            p / 1e9, f / 1e9, p / f }'
fi
