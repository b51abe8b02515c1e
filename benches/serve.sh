#!/usr/bin/env bash
# The server benchmark (see BENCHMARKS.md, "parscore serve"): on the same 1,000 generated
# workbooks as run.sh, in one run,
#   1. `parscore rank DIR` (median of RUNS): the workbooks per second to reach;
#   2. `parscore serve` under GNU time, loaded over loopback by crates/server/examples/load.rs:
#      every workbook uploaded to POST /api/workbooks by CLIENTS concurrent clients, while one
#      more client times POST /api/score every 20 ms; then the ranking page of the 1,000
#      stored units, 20 times;
#   3. the server's peak memory, from GNU time once it has stopped (Ctrl-C, i.e. SIGINT).
#
#   benches/serve.sh                  # N=1000, CLIENTS=8, RUNS=3
#   N=200 CLIENTS=4 benches/serve.sh
# Not a test: it prints numbers and the targets beside them; it fails only when something
# breaks (a request refused, a server that does not start).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000}
CLIENTS=${CLIENTS:-8}
RUNS=${RUNS:-3}
SEED=${SEED:-2025}
PORT=${PORT:-18080}

if ! /usr/bin/time -v true >/dev/null 2>&1; then
    echo "benches: installing GNU time (apt-get install time)" >&2
    apt-get install -y -qq time >/dev/null
fi
echo "benches: building release binaries" >&2
cargo build --release --quiet --bin parscore
cargo build --release --quiet -p parscore-write --example make_units
cargo build --release --quiet -p parscore-server --example load
PARSCORE=${PARSCORE:-target/release/parscore}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/parscore-serve-bench.XXXXXX")
SERVER=""
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

target/release/examples/make_units "$WORK/units" "$N" "$SEED" >/dev/null
cat "$WORK"/units/*.xlsx >/dev/null # warm the page cache

walls=()
for _ in $(seq "$RUNS"); do
    /usr/bin/time -f %e -o "$WORK/rank.time" "$PARSCORE" rank "$WORK/units" --quiet --format json >/dev/null
    walls+=("$(cat "$WORK/rank.time")")
done
rank_wall=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')

/usr/bin/time -v -o "$WORK/serve.time" "$PARSCORE" serve --data "$WORK/data" \
    --listen "127.0.0.1:$PORT" 2>"$WORK/serve.err" &
SERVER=$!
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break
    sleep 0.1
done
line=$(/usr/bin/time -f "%U %S" -o "$WORK/load.time" target/release/examples/load "http://127.0.0.1:$PORT" "$WORK/units" "$CLIENTS")
load_cpu=$(awk '{print $1 + $2}' "$WORK/load.time")
# GNU time's child is the server: SIGINT stops it cleanly, and time writes its report.
pkill -INT -P "$SERVER" 2>/dev/null || kill -INT "$SERVER"
wait "$SERVER" || true
SERVER=""
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/serve.time")
serve_cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$WORK/serve.time")

get() { tr ' ' '\n' <<<"$line" | awk -F= -v k="$1" '$1 == k {print $2}'; }
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB memory, $(uname -sr)"
echo "workbooks: $N (make_units seed $SEED); clients: $CLIENTS; parscore rank runs: $RUNS (median)"
echo
awk -v n="$N" -v rw="$rank_wall" -v up="$(get wb_per_sec)" -v us="$(get upload_secs)" \
    -v p99="$(get score_p99_ms)" -v p50="$(get score_p50_ms)" -v probes="$(get score_probes)" \
    -v pm="$(get rank_page_median_ms)" -v px="$(get rank_page_max_ms)" -v kb="$(get rank_page_kb)" \
    -v api="$(get api_rank_median_ms)" -v rss="$rss_kb" -v failed="$(get failed)" \
    -v scpu="$serve_cpu" -v lcpu="$load_cpu" 'BEGIN {
    rank = n / rw
    printf "%-46s %10s %14s\n", "measure", "value", "target"
    printf "%-46s %10.0f %14s\n", "parscore rank, workbooks/s", rank, ""
    printf "%-46s %10.0f %14s\n", "POST /api/workbooks, workbooks/s (" n " in " us " s)", up, ""
    printf "%-46s %9.0f%% %14s\n", "  upload rate / rank rate", 100 * up / rank, ">= 70%"
    printf "%-46s %10d %14s\n", "  uploads refused", failed, "0"
    printf "%-46s %10.1f %14s\n", "POST /api/score p50 under load (ms, " probes " probes)", p50, ""
    printf "%-46s %10.1f %14s\n", "POST /api/score p99 under load (ms)", p99, "< 50"
    printf "%-46s %10.1f %14s\n", "GET /rank, " n " units, median (ms, " kb " kB)", pm, "< 100"
    printf "%-46s %10.1f %14s\n", "GET /rank, max of 20 (ms)", px, ""
    printf "%-46s %10.1f %14s\n", "GET /api/rank, median (ms)", api, ""
    printf "%-46s %10.1f %14s\n", "server peak memory (MB)", rss / 1024, "< 200"
    printf "%-46s %10.2f %14s\n", "server CPU, whole run (s)", scpu, ""
    printf "%-46s %10.2f %14s\n", "load clients CPU, whole run (s)", lcpu, ""
}'
