#!/usr/bin/env bash
# scan_table_bench.sh - times `outis scan` classifying the columns of a wide synthetic table.
#
#   bench/scan_table_bench.sh              # 10,000,000 rows x 20 columns (about 2.4 GB)
#   ROWS=1000000 bench/scan_table_bench.sh  # 1,000,000 rows (244 MB)
#
# Generates bench/out/scan_table_<ROWS>r.csv with bench/scan_table_gen.py (reused while the
# generator is unchanged), warms the page cache, then times RUNS runs each of
#   - outis scan FILE                       (every row; the issue's target: < 10 s at 10M)
#   - outis scan FILE --sample 100000       (a seek sample; the target: < 1 s at any size)
# with /usr/bin/time (peak RSS) and bash's EPOCHREALTIME (wall time), and prints the medians
# and the table's roles (the same in every run); then one more run of each with its peak
# anonymous and file memory sampled from /proc/PID/status (RssAnon, RssFile) every 20 ms.
# MB = 10^6 bytes.
#
# Environment: ROWS (10000000), SEED (1), RUNS (3), OUTIS (build/outis), OUT (bench/out),
#   WAIT_IDLE (0; N: before each run, wait up to N seconds for the machine to be idle).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
case "${1:-}" in
    -h | --help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    '') ;;
    *) echo "scan_table_bench.sh: unknown argument '$1'" >&2; exit 2 ;;
esac

ROWS=${ROWS:-10000000}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
OUTIS=${OUTIS:-$root/build/outis}
OUT=${OUT:-$here/out}
WAIT_IDLE=${WAIT_IDLE:-0}

die() { echo "scan_table_bench.sh: $*" >&2; exit 2; }
log() { printf '%s\n' "$*" >&2; }

[[ $ROWS =~ ^[0-9]+$ && $ROWS -gt 0 ]] || die "ROWS must be a positive integer"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be >= 1"
[[ -x $OUTIS ]] || die "no outis binary at $OUTIS; build it first (make build)"
[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is needed: apt-get install time"

mkdir -p "$OUT"
tmp=$(mktemp -d "$OUT/run.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

csv=$OUT/scan_table_${ROWS}r_s${SEED}.csv
gen=$here/scan_table_gen.py
if [[ ! -s $csv || $gen -nt $csv || $here/scan_gen.py -nt $csv ]]; then
    log "generating $csv ($ROWS rows)"
    python3 "$gen" "$ROWS" "$csv.tmp" --seed "$SEED"
    mv "$csv.tmp" "$csv"
fi
bytes=$(stat -c %s "$csv")
log "warming the page cache"
cat "$csv" >/dev/null

# shellcheck source=bench/bench_lib.sh
source "$here/bench_lib.sh"

full=(scan -q --today 2025-06-01 "$csv")
sampled=(scan -q --today 2025-06-01 --sample 100000 --seed 1 "$csv")
for ((i = 1; i <= RUNS; i++)); do
    measure_once full "outis ${full[*]}" "$i/$RUNS" "$OUTIS" "${full[@]}"
    measure_once sample "outis ${sampled[*]}" "$i/$RUNS" "$OUTIS" "${sampled[@]}"
done

echo "outis scan on $csv: $ROWS rows x 20 columns, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB; $(nproc) cores; median of $RUNS"
echo
echo "| run | wall s | CPU s | MB/s | peak RSS MB | other jobs CPU s |"
echo "|---|---:|---:|---:|---:|---:|"
for label in "${labels[@]}"; do
    awk -v l="$label" -v w="${WALL[$label]}" -v c="${CPU[$label]}" -v b="$bytes" \
        -v r="${RSS[$label]}" -v o="${OTHER[$label]}" \
        'BEGIN { printf "| %s | %.2f | %.2f | %.0f | %.1f | %.2f |\n", l, w, c, b / 1e6 / w, r / 1024, o }'
done
# peak_rss CMD...: runs CMD, prints the peaks of RssAnon and RssFile in MB (every 20 ms)
peak_rss() {
    local anon=0 file=0 a f
    "$@" >/dev/null &
    local pid=$!
    while [[ -r /proc/$pid/status ]] && kill -0 "$pid" 2>/dev/null; do
        a=$(awk '/^RssAnon/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
        f=$(awk '/^RssFile/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
        [[ -n $a && $a -gt $anon ]] && anon=$a
        [[ -n $f && $f -gt $file ]] && file=$f
        sleep 0.02
    done
    wait "$pid"
    awk -v a="$anon" -v f="$file" 'BEGIN { printf "%.1f | %.1f", a * 1.024 / 1000, f * 1.024 / 1000 }'
}
echo
echo "| run | peak RssAnon MB | peak RssFile MB |"
echo "|---|---:|---:|"
echo "| every row | $(peak_rss "$OUTIS" "${full[@]}") |"
echo "| sample | $(peak_rss "$OUTIS" "${sampled[@]}") |"
echo
echo "roles (every row):"
"$OUTIS" "${full[@]}" | sed -n '/^column/,/^$/p' | awk '{ print "  " $1, $2 }'
