#!/usr/bin/env bash
# dp_bench.sh - times `outis dp` against the same aggregation without privacy, in one run.
#
#   bench/dp_bench.sh            # 10,000,000 rows (about 1 GB of CSV)
#   bench/dp_bench.sh --quick    # 2,000,000 rows
#
# Uses the table of bench/risk_bench.sh (bench/gen_table.c: one row per person, person_id
# unique), warms the page cache, then times, RUNS times each (median kept):
#   (dp and agg alternate, so that both see the same machine)
#   - dp:        outis dp --privacy-unit person_id --by city --count --sum income:0:250000
#                (reads the file, hashes it for the ledger, bounds, adds noise, charges)
#   - agg:       bench/agg_baseline.c: the same count and sum per city with liboutis, no
#                unit, no bounding, no noise (the non-private aggregation)
#   - dp_repeat: outis dp with zip as the privacy unit (about ROWS/3000 rows per unit, in
#                many cities): the slow path of contribution bounding
#   - python:    bench/dp_baseline.py (csv module and a dict), BASE_RUNS times
# and the sampler cost per noisy value (bench/dp_noise_bench.c). Prints the ratios dp/agg
# (target <= 1.3) and python/dp (target >= 10).
#
# Environment: ROWS (10000000), SEED (1), RUNS (5), BASE_RUNS (1), OUTIS (build/outis),
#   LIB (build/liboutis.a), OUT (bench/out), CC (cc), SKIP_PYTHON (0), WAIT_IDLE (0).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
case "${1:-}" in
    --quick) ROWS=${ROWS:-2000000} ;;
    -h | --help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    '') ;;
    *) echo "dp_bench.sh: unknown argument '$1'" >&2; exit 2 ;;
esac
ROWS=${ROWS:-10000000}
SEED=${SEED:-1}
RUNS=${RUNS:-5}
BASE_RUNS=${BASE_RUNS:-1}
OUTIS=${OUTIS:-$root/build/outis}
LIB=${LIB:-$root/build/liboutis.a}
OUT=${OUT:-$here/out}
CC=${CC:-cc}
SKIP_PYTHON=${SKIP_PYTHON:-0}
WAIT_IDLE=${WAIT_IDLE:-0}

die() { echo "dp_bench.sh: $*" >&2; exit 2; }
log() { printf '%s\n' "$*" >&2; }
[[ -x $OUTIS && -f $LIB ]] || die "build first: cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j2"
[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is needed: apt-get install time"

mkdir -p "$OUT"
tmp=$(mktemp -d "$OUT/dp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---- the table (shared with risk_bench.sh) and the helpers ----
gen=$OUT/gen_table
if [[ ! -x $gen || $here/gen_table.c -nt $gen ]]; then
    "$CC" -O2 -std=c11 -Wall -Wextra -o "$gen.tmp" "$here/gen_table.c" -lm && mv "$gen.tmp" "$gen"
fi
csv=$OUT/table_${ROWS}r_s${SEED}.csv
if [[ ! -s $csv || $gen -nt $csv ]]; then
    log "generating $csv ($ROWS rows)"
    "$gen" "$ROWS" "$SEED" >"$csv.tmp" && mv "$csv.tmp" "$csv"
fi
libs=$(pkg-config --libs libsodium sqlite3)
# shellcheck disable=SC2086
"$CC" -O2 -std=c11 -I"$root/include" -o "$tmp/agg_baseline" "$here/agg_baseline.c" "$LIB" $libs -lpthread -lm
# shellcheck disable=SC2086
"$CC" -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$root/src" -I"$root/include" -o "$tmp/noise_bench" \
    "$here/dp_noise_bench.c" "$LIB" $libs -lpthread -lm
cp "$OUTIS" "$tmp/outis"

# shellcheck source=bench/bench_lib.sh
source "$here/bench_lib.sh"

export OUTIS_LEDGER=$tmp/ledger.db
"$tmp/outis" budget set "$csv" --epsilon 1000000 --delta 0.5 >/dev/null
log "warming the page cache"
cat "$csv" >/dev/null

rel=${csv#"$root"/}
dp=("$tmp/outis" dp "$csv" --privacy-unit person_id --by city --count --sum income:0:250000
    --epsilon 1 --delta 1e-6 --quiet)
log "dp and agg, alternating"
for ((i = 1; i <= RUNS; i++)); do
    measure_once dp "outis dp $rel --privacy-unit person_id --by city --count --sum income:0:250000 --epsilon 1 --delta 1e-6" "$i/$RUNS" "${dp[@]}"
    measure_once agg "agg_baseline $rel city income" "$i/$RUNS" "$tmp/agg_baseline" "$csv" city income
done
log "dp_repeat"
measure dp_repeat "$RUNS" "outis dp $rel --privacy-unit zip --max-groups 3 --max-rows 10 --by city --count --sum income:0:250000 --epsilon 1 --delta 1e-6" -- \
    "$tmp/outis" dp "$csv" --privacy-unit zip --max-groups 3 --max-rows 10 --by city --count \
    --sum income:0:250000 --epsilon 1 --delta 1e-6 --quiet
if [[ $SKIP_PYTHON != 1 ]]; then
    log "python"
    measure python "$BASE_RUNS" "python3 bench/dp_baseline.py $rel city income" -- \
        python3 "$here/dp_baseline.py" "$csv" city income
fi

# the groups agree: agg's exact counts against dp's noisy ones (noise at epsilon 1/3: a few units)
awk 'NR == FNR { split($0, f, "\t"); n[f[1]] = f[2]; next }
    (i = index($0, ",count,,,")) > 0 { key = substr($0, 1, i - 1); gsub(/^"|"$/, "", key)
        gsub(/""/, "\"", key); split(substr($0, i + 9), v, ","); d = v[1] - n[key]
        if (d < 0) d = -d; if (d > m) m = d; k++ }
    END { printf "dp counts of %d cities within %d of the exact counts\n", k, m }' \
    "$tmp/out.agg" "$tmp/out.dp" >&2

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
    printf '%s rows, %s MB CSV, %s, %s\n' "$ROWS" "$(($(stat -c %s "$csv") / 1000000))" \
        "$(nproc) cores" "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
    printf '%-10s %8s %8s %9s  %s\n' label wall_s cpu_s rss_MiB command
    for l in "${labels[@]}"; do
        printf '%-10s %8s %8s %9s  %s\n' "$l" "${WALL[$l]}" "${CPU[$l]}" "$((RSS[$l] / 1024))" "${CMD[$l]}"
    done
    printf 'ratio dp / agg:        %s (target <= 1.3)\n' "$(ratio "${WALL[dp]}" "${WALL[agg]}")"
    printf 'ratio dp_repeat / agg: %s\n' "$(ratio "${WALL[dp_repeat]}" "${WALL[agg]}")"
    if [[ -n ${WALL[python]:-} ]]; then
        printf 'ratio python / dp:     %s (target >= 10)\n' "$(ratio "${WALL[python]}" "${WALL[dp]}")"
    fi
    echo "noise per value (libsodium generator):"
    "$tmp/noise_bench" | column -t
} | tee "$OUT/dp_results_${ROWS}r.txt"
