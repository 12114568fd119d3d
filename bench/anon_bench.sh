#!/usr/bin/env bash
# anon_bench.sh - outis anonymize's search against ARX on the shared datasets, and on 1M rows.
#
#   bench/anon_bench.sh          # the seven configurations of REFERENCES section 8, then 1M rows
#
# With ARX_CP (a Java classpath holding ARX 3.9.2's classes and the jars it needs: build it
# yourself from arx-deidentifier/arx; nothing of ARX is in outis), bench/ArxBench.java is
# compiled against it and ARX runs beside outis in the same run, timed the same way
# (anonymize() alone, warm, in one JVM: five warm-up runs, then the median of RUNS_ARX).
# Without it, ARX's figures are those of REFERENCES section 8 (ARX 3.9.2 on a 2-core machine
# of this kind, median of 5 warm runs). outis is timed as the search alone, table and
# hierarchies loaded once, median of RUNS warm runs. The script checks that outis finds
# ARX's optimum (levels, suppressed records, score).
#
# Environment: RUNS (21), RUNS_ARX (11), ARX_CP (unset), SHARED (../shared/data),
#   LIB (build/liboutis.a), OUT (bench/out), ROWS_1M (1000000), CC (cc).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
RUNS=${RUNS:-21}
RUNS_ARX=${RUNS_ARX:-11}
ARX_CP=${ARX_CP:-}
SHARED=${SHARED:-$root/../shared/data}
LIB=${LIB:-$root/build/liboutis.a}
OUT=${OUT:-$here/out}
ROWS_1M=${ROWS_1M:-1000000}
CC=${CC:-cc}
[[ -f $LIB ]] || { echo "anon_bench.sh: build first (make build)" >&2; exit 2; }
mkdir -p "$OUT"
tmp=$(mktemp -d "$OUT/anon.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2046
"$CC" -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$root/include" -o "$tmp/anon_bench" \
    "$here/anon_bench.c" "$LIB" $(pkg-config --libs libsodium sqlite3 libcrypto) -lpthread -lm

if [[ -n $ARX_CP ]]; then
    javac -nowarn -d "$tmp" -cp "$ARX_CP" "$here/ArxBench.java"
fi

# dataset: file, QIs in column order; ARX: ms, levels, suppressed, score (REFERENCES section 8)
hier() { # DIR PREFIX COLS...
    local dir=$1 prefix=$2
    shift 2
    for c in "$@"; do printf '%s=%s/%s_hierarchy_%s.csv ' "$c" "$dir" "$prefix" "$c"; done
}
A=$SHARED/adult C=$SHARED/cup F=$SHARED/fars
adult8=$(hier "$A" adult sex age race marital-status education native-country workclass occupation)
adult7=$(hier "$A" adult sex age race marital-status education native-country workclass)
cup8=$(hier "$C" cup ZIP AGE GENDER INCOME STATE RAMNTALL NGIFTALL MINRAMNT)
fars8=$(hier "$F" fars iage irace ideathmon ideathday isex ihispanic istatenum iinjury)
configs=(
    "adult|k=5, 0%|$A/adult.csv|5|0|0|-|$adult8|38|0,4,0,2,3,2,2,1|0|0.5916"
    "adult|k=5, 5%|$A/adult.csv|5|0.05|0|-|$adult8|460|0,3,0,0,1,1,1,2|1458|0.2519"
    "adult|k=5 + distinct 3-diversity, 0%|$A/adult.csv|5|0|3|occupation|$adult7|33|0,4,0,1,3,2,2|0|0.5644"
    "adult|k=5 + distinct 3-diversity, 5%|$A/adult.csv|5|0.05|3|occupation|$adult7|205|0,3,0,0,2,1,1|1071|0.1814"
    "cup|k=5, 0%|$C/cup.csv|5|0|0|-|$cup8|136|5,2,1,1,1,4,4,4|0|0.7777"
    "cup|k=5, 5%|$C/cup.csv|5|0.05|0|-|$cup8|4600|4,3,0,0,0,1,2,1|2578|0.1397"
    "fars_subset|k=5, 0%|$F/fars_subset.csv|5|0|0|-|$fars8|20|5,2,2,0,1,2,3,0|0|0.6146"
)
printf '%-12s %-36s %9s %8s %7s  %-18s %s\n' dataset criteria outis_ms arx_ms speedup \
    optimum "same as ARX"
for c in "${configs[@]}"; do
    IFS='|' read -r name crit file k supp l sens hs arx_ms arx_lv arx_supp arx_score <<<"$c"
    # shellcheck disable=SC2086
    read -r ms lv nsupp score evaluated lattice < <("$tmp/anon_bench" "$file" ';' "$RUNS" "$k" \
        "$supp" "$l" "$sens" $hs)
    arx_from="REFERENCES"
    if [[ -n $ARX_CP ]]; then # ARX measured here, in this run: its time and its optimum
        # shellcheck disable=SC2086
        read -r arx_ms arx_lv arx_supp arx_score < <(java -cp "$tmp:$ARX_CP" ArxBench "$file" \
            "$RUNS_ARX" "$k" "$supp" "$l" "$sens" $hs)
        arx_from="measured"
    fi
    same=no
    if [[ $lv == "$arx_lv" && $nsupp == "$arx_supp" ]] &&
        awk -v a="$score" -v b="$arx_score" 'BEGIN { exit !((a - b) < 0.00005 && (b - a) < 0.00005) }'; then
        same=yes
    fi
    printf '%-12s %-36s %9s %8s %6.1fx  %-18s %s (%s suppressed, score %s, %s of %s nodes evaluated; ARX %s)\n' \
        "$name" "$crit" "$ms" "$arx_ms" "$(awk -v a="$arx_ms" -v b="$ms" 'BEGIN { print a / b }')" \
        "$lv" "$same" "$nsupp" "$score" "$evaluated" "$lattice" "$arx_from"
done

# 1M rows x 8 QIs of the risk bench table, hierarchies generated from its values
big=$OUT/table_10000000r_s1.csv
if [[ ! -s $big ]]; then
    gen=$OUT/gen_table
    [[ -x $gen ]] || "$CC" -O2 -std=c11 -o "$gen" "$here/gen_table.c" -lm
    big=$tmp/table.csv
    "$gen" "$ROWS_1M" 1 >"$big"
fi
head -n $((ROWS_1M + 1)) "$big" >"$tmp/1m.csv"
python3 "$here/anon_hier.py" "$tmp/1m.csv" "$tmp/h"
hs=""
for c in sex age birth_ym zip race marital education income; do hs+="$c=$tmp/h/$c.csv "; done
for supp in 0 0.05; do
    # shellcheck disable=SC2086
    line=$(/usr/bin/time -f '%M' -o "$tmp/rss" "$tmp/anon_bench" "$tmp/1m.csv" , 3 5 "$supp" 0 - $hs)
    bytes=$(stat -c %s "$tmp/1m.csv")
    printf '1M rows x 8 QIs, k=5, %s%% suppression: %s ms (median of 3 warm runs), optimum %s, peak RSS %s MiB for a %s MB CSV\n' \
        "$(awk -v s="$supp" 'BEGIN { print s * 100 }')" "$(cut -d' ' -f1 <<<"$line")" \
        "$(cut -d' ' -f2- <<<"$line")" "$(($(cat "$tmp/rss") / 1024))" "$((bytes / 1000000))"
done
