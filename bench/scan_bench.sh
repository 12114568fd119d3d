#!/usr/bin/env bash
# scan_bench.sh - outis's text scanner against ripgrep and Python's re, in one run, on a
# labelled corpus of mixed Chinese/English text with sparse identifiers (bench/scan_gen.py).
#
#   bench/scan_bench.sh                 # 200 MB
#   SIZE_MB=20 bench/scan_bench.sh      # a quick check
#
# Throughput is MB per second of CPU time (user + system) of one thread: the issue's figure
# is per core, and the machine may be shared. outis is timed on the corpus in memory (block
# mode) and read from the file in chunks (streaming mode, read() included); three more lines
# give the wall clock of the file scanned on one thread and on every core (outis_scan_path
# splits a large file into pieces), and the latter per second of the process's CPU time (all
# threads: what each core does when the machine's cores are not all free). The baselines, in
# the same run: Hyperscan alone (the scanner's own trigger and lead word databases as it
# compiles them, over every byte, callbacks that do nothing: no windows, no validation),
# ripgrep 'rg -j1 -c' and Python's re over
# bench/scan_patterns.txt, the shapes of the values outis finds (regexes as a user would
# write them; outis itself compiles short shared triggers and validates, see
# src/scan/detectors.c). Python only reads the first PY_MB megabytes: it is slow. Precision
# and recall per entity come from the corpus's labels. The best of RUNS runs is kept: on a
# shared machine the others measure the neighbours.
# PROFILE=1: then `perf record` of the in-memory and the file scan alone (RUNS runs each),
# and the functions that take 1% or more of each (the shares quoted in docs/BENCHMARKS.md).
#
# Environment: SIZE_MB (200), SEED (1), RUNS (3), PY_MB (20), PROFILE (0), LIB (build/liboutis.a),
#   OUT (bench/out), CC (cc).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
SIZE_MB=${SIZE_MB:-200}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
PY_MB=${PY_MB:-20}
LIB=${LIB:-$root/build/liboutis.a}
OUT=${OUT:-$here/out}
CC=${CC:-cc}
[[ -f $LIB ]] || { echo "scan_bench.sh: build first (make build)" >&2; exit 2; }
command -v rg >/dev/null || { echo "scan_bench.sh: ripgrep (rg) is needed" >&2; exit 2; }
mkdir -p "$OUT"
tmp=$(mktemp -d "$OUT/scan.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

corpus=$OUT/scan_${SIZE_MB}mb_s$SEED.txt
labels=$OUT/scan_${SIZE_MB}mb_s$SEED.labels
if [[ ! -f $corpus || ! -f $labels ]]; then
    echo "generating $corpus" >&2
    python3 "$here/scan_gen.py" "$corpus.tmp" "$labels" $((SIZE_MB * 1000000)) --seed "$SEED"
    mv "$corpus.tmp" "$corpus"
fi
bytes=$(stat -c %s "$corpus")

# shellcheck disable=SC2046
"$CC" -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$root/include" -I"$root/src" \
    -o "$tmp/scan_bench" "$here/scan_bench.c" "$LIB" \
    $(pkg-config --cflags --libs libhs libsodium sqlite3 libcrypto jansson) -lpthread -lm

echo "corpus: $bytes bytes, seed $SEED; labels: $labels"
"$tmp/scan_bench" "$corpus" "$labels" --runs "$RUNS" >"$tmp/outis.txt" || scored=$?
block=$(awk '$1 == "block_mb_s" { print $2 }' "$tmp/outis.txt")
stream=$(awk '$1 == "stream_mb_s" { print $2 }' "$tmp/outis.txt")
one=$(awk '$1 == "one_wall_mb_s" { print $2 }' "$tmp/outis.txt")
threads=$(awk '$1 == "threads_wall_mb_s" { print $2 }' "$tmp/outis.txt")
threads_cpu=$(awk '$1 == "threads_cpu_mb_s" { print $2 }' "$tmp/outis.txt")
hs=$(awk '$1 == "hs_mb_s" { print $2 }' "$tmp/outis.txt")

# ripgrep: the best CPU time of RUNS runs
args=()
while IFS= read -r p; do [[ -n $p ]] && args+=(-e "$p"); done <"$here/scan_patterns.txt"
best=""
for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f '%U %S' -o "$tmp/time" rg -j1 -c "${args[@]}" "$corpus" >"$tmp/rg.txt" ||
        true
    t=$(awk '{ print $1 + $2 }' "$tmp/time")
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')
done
rg_mb_s=$(awk -v b="$bytes" -v t="$best" 'BEGIN { printf "%.1f", b / 1e6 / (t > 0 ? t : 0.01) }')

# Python's re over the first PY_MB megabytes, one alternation of the same patterns
py_mb_s=$(python3 - "$corpus" "$here/scan_patterns.txt" "$PY_MB" <<'EOF'
import re, sys, time
pats = [l.rstrip("\n") for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
rx = re.compile("|".join("(?:%s)" % p for p in pats))
with open(sys.argv[1], "rb") as f:
    raw = f.read(int(float(sys.argv[3]) * 1e6))
text = raw.decode("utf-8", "replace")
t = time.process_time()
n = sum(1 for _ in rx.finditer(text))
t = time.process_time() - t
print("%.1f" % (len(raw) / 1e6 / t))
EOF
)

cat "$tmp/outis.txt"
echo
printf '%-36s %10s %8s\n' "engine (MB/s of one core's CPU time)" "MB/s" "outis/x"
ratio() { awk -v a="$stream" -v b="$1" 'BEGIN { printf "%.1f", a / b }'; }
printf '%-36s %10s %8s\n' "outis, in memory (block mode)" "$block" "-"
printf '%-36s %10s %8s\n' "outis, from the file (streaming)" "$stream" "1.0"
printf '%-36s %10s %8s\n' "outis, the file on 1 thread (wall)" "$one" "-"
printf '%-36s %10s %8s\n' "outis, the file on $(nproc) cores (wall)" "$threads" "-"
printf '%-36s %10s %8s\n' "  the same, per second of CPU time" "$threads_cpu" "-"
printf '%-36s %10s %8s\n' "Hyperscan alone, no validation" "$hs" "$(ratio "$hs")"
printf '%-36s %10s %8s\n' "rg -j1 -c, $((${#args[@]} / 2)) patterns" "$rg_mb_s" "$(ratio "$rg_mb_s")"
printf '%-36s %10s %8s\n' "python3 re (first $PY_MB MB)" "$py_mb_s" "$(ratio "$py_mb_s")"
# the engine's counts: what its trigger windows, trigger ends and lead words save, each beside
# what it replaced, and the scan on each vector path
v() { awk -v k="$1" '$1 == k { print $2 }' "$tmp/outis.txt"; }
echo
printf '%-52s %12s\n' "engine" "value"
printf '%-52s %12s\n' "trigger ends, triggers as written, every byte" "$(v trigger_ends_raw)"
printf '%-52s %12s\n' "trigger ends reported (with their end, in windows)" "$(v trigger_ends)"
printf '%-52s %12s\n' "share of the bytes in trigger windows" "$(v window_share)"
printf '%-52s %12s\n' "lead words compiled: literals, MB/s" "$(v lead_literals), $(v lead_mb_s)"
printf '%-52s %12s\n' "lead words in every form: literals, MB/s" \
    "$(v lead_all_forms), $(v lead_all_forms_mb_s)"
for simd in 0 1 2; do
    mb=$(v "block_simd${simd}_mb_s")
    [[ -n $mb ]] || continue
    name=$(echo "SSE2/SSSE3 AVX2 AVX-512" | cut -d' ' -f$((simd + 1)))
    printf '%-52s %12s\n' "in memory on the $name path, MB/s" "$mb"
done
if [[ ${scored:-0} -ne 0 ]]; then
    echo "some entities are below their precision/recall target (BELOW above)"
    exit 1
fi
if [[ ${PROFILE:-0} == 1 ]]; then
    command -v perf >/dev/null || { echo "scan_bench.sh: PROFILE=1 needs perf" >&2; exit 2; }
    for mode in block file; do
        perf record -q -o "$tmp/$mode.perf" "$tmp/scan_bench" "$corpus" --only "$mode" \
            --runs "$RUNS" >/dev/null 2>&1
        echo
        echo "perf, $mode mode (share of samples; the in-memory run reads the corpus first):"
        perf report -i "$tmp/$mode.perf" --no-children --sort dso --stdio 2>/dev/null |
            grep '%' | grep -v '^#'
        perf report -i "$tmp/$mode.perf" --no-children --sort dso,sym --percent-limit 1 \
            --stdio 2>/dev/null | grep '%' | grep -v '^#'
    done
fi
