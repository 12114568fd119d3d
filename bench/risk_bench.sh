#!/usr/bin/env bash
# risk_bench.sh - times `outis risk` against baselines on a synthetic table, in one run.
#
#   bench/risk_bench.sh            # 10,000,000 rows (about 1 GB of CSV), about 10 minutes
#   bench/risk_bench.sh --quick    # 2,000,000 rows, about 2 minutes
#   ROWS=500000 RUNS=5 bench/risk_bench.sh
#
# Builds bench/gen_table.c into bench/out/, generates bench/out/table_<ROWS>r_s<SEED>.csv
# (reused while the generator is unchanged), warms the page cache, then times:
#   - outis risk --qi <QI> --combinations none --threads 1 / --threads 2
#   - outis risk --qi <QI> --sensitive <SENSITIVE> (full report: l-diversity, t-closeness and
#     the default pairs/triples), --threads 1 / --threads 2
#   - LC_ALL=C cut -d, -f<QI fields> | LC_ALL=C sort | uniq -c  (+ awk for k and uniques)
#   - python3 bench/baseline_count.py (csv module, dict count)
# with /usr/bin/time (peak RSS) and bash's EPOCHREALTIME (wall time); outis runs RUNS times
# and the median is kept, the slow baselines run BASE_RUNS times. All runs read the same
# warm-cache file; MB = 10^6 bytes.
#
# The default QIs are columns 2-9 of the generated table, which never hold quotes or commas,
# so `cut` is exact on them (quoted fields are only in columns 10-11: occupation, city).
#
# Environment: ROWS (10000000), SEED (1), RUNS (3), BASE_RUNS (1),
#   QI (sex,age,birth_ym,zip,race,marital,education,income), SENSITIVE (diagnosis),
#   OUTIS (build/outis), OUT (bench/out), CC (cc), SKIP_BASELINES (0; 1 skips sort/python),
#   WAIT_IDLE (0; N: before each run, wait up to N seconds for the other jobs on the
#   machine to use under 0.1 core over 5 s).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")

usage() { sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
case "${1:-}" in
    --quick) ROWS=${ROWS:-2000000} ;;
    -h | --help) usage; exit 0 ;;
    '') ;;
    *) echo "risk_bench.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
esac

ROWS=${ROWS:-10000000}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
BASE_RUNS=${BASE_RUNS:-1}
QI=${QI:-sex,age,birth_ym,zip,race,marital,education,income}
SENSITIVE=${SENSITIVE:-diagnosis}
OUTIS=${OUTIS:-$root/build/outis}
OUT=${OUT:-$here/out}
CC=${CC:-cc}
SKIP_BASELINES=${SKIP_BASELINES:-0}
WAIT_IDLE=${WAIT_IDLE:-0}

die() { echo "risk_bench.sh: $*" >&2; exit 2; }
log() { printf '%s\n' "$*" >&2; }

[[ $ROWS =~ ^[0-9]+$ && $ROWS -gt 0 ]] || die "ROWS must be a positive integer"
[[ $RUNS =~ ^[1-9][0-9]*$ && $BASE_RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS and BASE_RUNS must be >= 1"
[[ -x $OUTIS ]] || die "no outis binary at $OUTIS; build it first:
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j2"
command -v python3 >/dev/null || die "python3 is needed for the Python baseline"
if [[ ! -x /usr/bin/time ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        log "installing GNU time (apt-get install time)"
        apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
    fi
    [[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is needed: apt-get install time"
fi

mkdir -p "$OUT"
tmp=$(mktemp -d "$OUT/run.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---- generator and table ----
gen=$OUT/gen_table
if [[ ! -x $gen || $here/gen_table.c -nt $gen ]]; then
    log "building $gen"
    "$CC" -O2 -std=c11 -Wall -Wextra -o "$gen.tmp" "$here/gen_table.c" -lm
    mv "$gen.tmp" "$gen"
fi
csv=$OUT/table_${ROWS}r_s${SEED}.csv
if [[ ! -s $csv || $gen -nt $csv ]]; then
    log "generating $csv ($ROWS rows)"
    t0=$EPOCHREALTIME
    "$gen" "$ROWS" "$SEED" >"$csv.tmp"
    mv "$csv.tmp" "$csv"
    log "  $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f s", b - a }')"
fi
csv_bytes=$(stat -c %s "$csv")
header=$(head -n 1 "$csv")
IFS=, read -r -a cols <<<"$header"
ncols=${#cols[@]}
cells=$((ROWS * ncols))
bound_bytes=$(awk -v b="$csv_bytes" -v c="$cells" 'BEGIN { printf "%.0f", 1.5 * b + 4 * c }')

# QI names -> cut field numbers; the cut baseline is exact only left of the first quote
IFS=, read -r -a qis <<<"$QI"
fields=()
for q in "${qis[@]}"; do
    f=0
    for i in "${!cols[@]}"; do [[ ${cols[$i]} == "$q" ]] && f=$((i + 1)); done
    [[ $f -gt 0 ]] || die "no column '$q' in $csv (columns: $header)"
    fields+=("$f")
done
cut_fields=$(IFS=,; echo "${fields[*]}")
max_field=$(printf '%s\n' "${fields[@]}" | sort -n | tail -n 1)
first_quoted=$(head -n 200000 "$csv" | awk -F, 'index($0, "\"") {
        n = split(substr($0, 1, index($0, "\"")), a, ","); if (!m || n < m) m = n }
    END { print m ? m : 0 }')
cut_note="exact: QI fields $cut_fields are left of the first quoted column ($first_quoted)"
if [[ $first_quoted -gt 0 && $max_field -ge $first_quoted ]]; then
    cut_note="INEXACT: QI field $max_field is at or right of quoted column $first_quoted"
fi
cut_header=$(printf '%s\n' "$header" | LC_ALL=C cut -d, -f"$cut_fields")

load0=$(cut -d' ' -f1 /proc/loadavg)
log "warming the page cache"
cat "$csv" >/dev/null

# ---- measuring ----
# shellcheck source=bench/bench_lib.sh
source "$here/bench_lib.sh"

# key figures of an outis text report: "classes k uniques"
outis_figures() {
    awk '/^equivalence classes/ { c = $3 } /^smallest class \(k\)/ { k = $4 }
         /^sample uniques/ { u = $3 } END { print c, k, u }' "$1"
}

rel_csv=${csv#"$root"/}
rel_outis=${OUTIS#"$root"/}
# a private copy, so that a rebuild of build/ during the run cannot mix two versions
cp "$OUTIS" "$tmp/outis"
rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "?")
git -C "$root" diff --quiet HEAD -- src include cli 2>/dev/null || rev+=" + uncommitted changes"
built=$(date -r "$OUTIS" '+%Y-%m-%d %H:%M:%S')
common=(risk "$csv" --qi "$QI" --quiet)
show_common="$rel_outis risk $rel_csv --qi $QI --quiet"

log "timing outis ($RUNS run(s) each)"
measure none1 "$RUNS" "$show_common --combinations none --threads 1" -- \
    "$tmp/outis" "${common[@]}" --combinations none --threads 1
RESULT[none1]=$(outis_figures "$tmp/out.none1")
measure none2 "$RUNS" "$show_common --combinations none --threads 2" -- \
    "$tmp/outis" "${common[@]}" --combinations none --threads 2
RESULT[none2]=$(outis_figures "$tmp/out.none2")
measure full1 "$RUNS" "$show_common --sensitive $SENSITIVE --threads 1" -- \
    "$tmp/outis" "${common[@]}" --sensitive "$SENSITIVE" --threads 1
RESULT[full1]=$(outis_figures "$tmp/out.full1")
measure full2 "$RUNS" "$show_common --sensitive $SENSITIVE --threads 2" -- \
    "$tmp/outis" "${common[@]}" --sensitive "$SENSITIVE" --threads 2
RESULT[full2]=$(outis_figures "$tmp/out.full2")
cp "$tmp/out.full2" "$OUT/report_${ROWS}r_s${SEED}.txt"

if [[ $SKIP_BASELINES != 1 ]]; then
    log "timing baselines ($BASE_RUNS run(s) each)"
    # header line dropped in awk (it is one class of its own); k = smallest count
    sort_pipeline="LC_ALL=C cut -d, -f$cut_fields \"\$0\" | LC_ALL=C sort | uniq -c |
        awk -v h=\"\$1\" '{ n = \$1; key = \$0; sub(/^ *[0-9]+ /, \"\", key); if (key == h) next;
            c++; if (!k || n < k) k = n; if (n == 1) u++ } END { print c, k, u + 0 }'"
    measure sort "$BASE_RUNS" "LC_ALL=C cut -d, -f$cut_fields $rel_csv | LC_ALL=C sort | uniq -c | awk (k, uniques)" -- \
        bash -c "$sort_pipeline" "$csv" "$cut_header"
    RESULT[sort]=$(cat "$tmp/out.sort")
    measure python "$BASE_RUNS" "python3 bench/baseline_count.py $rel_csv $QI" -- \
        python3 "$here/baseline_count.py" "$csv" "$QI"
    RESULT[python]=$(awk '$1 == "classes" { c = $2 } $1 == "k" { k = $2 }
        $1 == "uniques" { u = $2 } END { print c, k, u }' "$tmp/out.python")
fi

# ---- report ----
declare -A NAME=(
    [none1]="outis, --combinations none, 1 thread"
    [none2]="outis, --combinations none, 2 threads"
    [full1]="outis, full report, 1 thread"
    [full2]="outis, full report, 2 threads"
    [sort]="cut | sort | uniq -c baseline"
    [python]="python csv + dict baseline"
)
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
rate() { awk -v b="$csv_bytes" -v t="$1" 'BEGIN { printf "%.1f", b / 1e6 / t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v x="$1" -v op="$2" -v y="$3" 'BEGIN {
    ok = (op == ">=") ? x >= y : (op == "<") ? x < y : x <= y; print ok ? "PASS" : "FAIL" }'; }

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
nr_rows=$(printf "%'d" "$ROWS" 2>/dev/null || echo "$ROWS")

echo
echo "outis risk benchmark"
echo "  table     $rel_csv: $nr_rows rows x $ncols columns, $(mb "$csv_bytes") MB (seed $SEED)"
echo "  QIs       $QI (${#qis[@]}); sensitive: $SENSITIVE"
echo "  machine   $(nproc) cores, ${cpu:-unknown CPU}; $("$tmp/outis" --version 2>/dev/null || echo outis)"
echo "            binary $rel_outis built $built; tree at $rev when the runs started"
echo "  method    warm page cache; MB = 10^6 bytes; wall time: median of $RUNS (outis), $BASE_RUNS (baselines);"
echo "            peak RSS: highest of the runs (for the pipeline: its largest process)"
echo "  load      1-min load average before the runs: $load0 (other jobs on the cores skew the figures)"
echo "  bound     peak RSS <= 1.5 x CSV + 4 B x cells = $(mb "$bound_bytes") MB ($cells cells)"
echo
printf '  %-40s %7s %7s %7s %8s %12s %9s\n' "run" "wall s" "cpu s" "other s" "MB/s" "peak RSS MB" "RSS/bound"
noisy=""
for l in "${labels[@]}"; do
    rss_b=$((RSS[$l] * 1024))
    printf '  %-40s %7.2f %7.2f %7.2f %8s %12s %9s\n' "${NAME[$l]}" "${WALL[$l]}" "${CPU[$l]}" \
        "${OTHER[$l]}" "$(rate "${WALL[$l]}")" "$(mb "$rss_b")" "$(ratio "$rss_b" "$bound_bytes")"
    if [[ $(awk -v o="${OTHER[$l]}" -v w="${WALL[$l]}" 'BEGIN { print (o > 0.1 * w && o > 0.1) }') == 1 ]]; then
        noisy+=" $l"
    fi
done
echo "  (MB/s: CSV bytes / wall time; cpu s: user + system of the run, all threads; other s: CPU"
echo "   the rest of the machine used during the run)"
if [[ -n $noisy ]]; then
    echo "  WARNING: other jobs used over 10% of a core (and 0.1 s) during the runs of:$noisy;"
    echo "  their times are skewed (rerun on an idle machine, or with WAIT_IDLE=60)"
fi

echo
echo "  speed-up (time of the baseline / time of outis; > 1: outis is faster)"
if [[ $SKIP_BASELINES != 1 ]]; then
    for l in none1 none2 full1 full2; do
        printf '    %-40s vs sort|uniq %6sx   vs python %6sx\n' "${NAME[$l]}" \
            "$(ratio "${WALL[sort]}" "${WALL[$l]}")" "$(ratio "${WALL[python]}" "${WALL[$l]}")"
    done
fi
sp_none=$(ratio "${WALL[none1]}" "${WALL[none2]}")
sp_full=$(ratio "${WALL[full1]}" "${WALL[full2]}")
echo "    2 threads / 1 thread: --combinations none ${sp_none}x, full report ${sp_full}x"

echo
echo "  targets"
r1=$(rate "${WALL[none1]}")
r1f=$(rate "${WALL[full1]}")
printf '    %-54s %-26s %s\n' ">= 300 MB/s on 1 core (--combinations none)" "$r1 MB/s" "$(verdict "$r1" ">=" 300)"
printf '    %-54s %-26s %s\n' ">= 300 MB/s on 1 core (full report)" "$r1f MB/s" "$(verdict "$r1f" ">=" 300)"
printf '    %-54s %-26s %s\n' ">= 1.7x with 2 threads (--combinations none)" "${sp_none}x" "$(verdict "$sp_none" ">=" 1.7)"
printf '    %-54s %-26s %s\n' ">= 1.7x with 2 threads (full report)" "${sp_full}x" "$(verdict "$sp_full" ">=" 1.7)"
e2e=${WALL[full2]}
if [[ $ROWS -eq 10000000 && ${#qis[@]} -eq 8 ]]; then
    printf '    %-54s %-26s %s\n' "10M rows x 8 QIs end to end < 4 s (full, 2 threads)" "$e2e s" "$(verdict "$e2e" "<" 4)"
else
    est=$(awk -v t="$e2e" -v r="$ROWS" 'BEGIN { printf "%.1f", t * 10000000 / r }')
    printf '    %-54s %-26s %s\n' "10M rows x 8 QIs end to end < 4 s (full, 2 threads)" \
        "$e2e s at $nr_rows rows" "n/a (linear estimate for 10M: $est s)"
fi
for l in none1 none2 full1 full2; do
    rss_b=$((RSS[$l] * 1024))
    printf '    %-54s %-26s %s\n' "peak RSS <= $(mb "$bound_bytes") MB (${NAME[$l]#outis, })" "$(mb "$rss_b") MB" \
        "$(verdict "$rss_b" "<=" "$bound_bytes")"
done

echo
echo "  cross-check (equivalence classes, k, sample uniques)"
ref=${RESULT[none1]}
mismatch=0
for l in "${labels[@]}"; do
    mark="ok"
    [[ ${RESULT[$l]} == "$ref" ]] || { mark="MISMATCH"; mismatch=1; }
    printf '    %-40s %-30s %s\n' "${NAME[$l]}" "${RESULT[$l]}" "$mark"
done
[[ $SKIP_BASELINES == 1 ]] || echo "    cut baseline: $cut_note"

echo
echo "  commands"
for l in "${labels[@]}"; do
    echo "    ${CMD[$l]}"
done

{
    printf 'run\twall_s\tcpu_s\tother_cpu_s\tmb_per_s\tpeak_rss_bytes\tbound_bytes\tclasses k uniques\n'
    for l in "${labels[@]}"; do
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$l" "${WALL[$l]}" "${CPU[$l]}" "${OTHER[$l]}" \
            "$(rate "${WALL[$l]}")" \
            "$((RSS[$l] * 1024))" "$bound_bytes" "${RESULT[$l]}"
    done
} >"$OUT/results_${ROWS}r_s${SEED}.tsv"
echo
echo "  results: ${OUT#"$root"/}/results_${ROWS}r_s${SEED}.tsv; full report: ${OUT#"$root"/}/report_${ROWS}r_s${SEED}.txt"
if [[ $mismatch -ne 0 ]]; then
    echo "risk_bench.sh: the tools disagree on the equivalence classes" >&2
    exit 1
fi
