#!/usr/bin/env bash
# scan_ab.sh - the text scanner of two commits on the same corpus, in turn: the figures behind
# each step of docs/BENCHMARKS.md ("What got it there").
#
#   BASE=767dee9^ bench/scan_ab.sh             that commit against this checkout's build
#   BASE=ed4c392 NEW=767dee9 bench/scan_ab.sh  two commits
#
# Each commit is checked out in a worktree under OUT (once) and its library built there;
# bench/scan_ab.c is built against each with the commit's own headers. Then ROUNDS rounds
# run the base and the new build in turn, each scanning the corpus RUNS times in memory and
# RUNS times from the file; the best MB/s of one core's CPU time of each is kept over all the
# rounds (the machine is shared: the others measure the neighbours), with the ratio new/base.
# The two must find the same number of values.
#
# Environment: BASE (required: a commit), NEW (this checkout), SIZE_MB (1000), SEED (1),
#   ROUNDS (4), RUNS (2), OUT (bench/out), CC (cc).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
case "${1:-}" in
    -h | --help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    '') ;;
    *) echo "scan_ab.sh: unknown argument '$1'" >&2; exit 2 ;;
esac
[[ -n ${BASE:-} ]] || { echo "scan_ab.sh: set BASE to a commit" >&2; exit 2; }
NEW=${NEW:-}
SIZE_MB=${SIZE_MB:-1000}
SEED=${SEED:-1}
ROUNDS=${ROUNDS:-4}
RUNS=${RUNS:-2}
OUT=${OUT:-$here/out}
CC=${CC:-cc}
mkdir -p "$OUT"
tmp=$(mktemp -d "$OUT/ab.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

corpus=$OUT/scan_${SIZE_MB}mb_s$SEED.txt
if [[ ! -f $corpus ]]; then
    echo "generating $corpus" >&2
    python3 "$here/scan_gen.py" "$corpus.tmp" "$corpus.labels.tmp" $((SIZE_MB * 1000000)) \
        --seed "$SEED"
    mv "$corpus.tmp" "$corpus"
    mv "$corpus.labels.tmp" "${corpus%.txt}.labels"
fi

# checkout REV: the source tree of a commit, its library built (once)
checkout() {
    local rev dir
    rev=$(git -C "$root" rev-parse --verify --quiet --short "$1^{commit}") ||
        { echo "scan_ab.sh: no commit '$1'" >&2; exit 2; }
    dir=$OUT/ab-$rev
    if [[ ! -f $dir/build/liboutis.a ]]; then
        rm -rf "$dir"
        git -C "$root" worktree prune
        git -C "$root" worktree add -f --detach "$dir" "$rev" >/dev/null 2>&1
        cmake -S "$dir" -B "$dir/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
        cmake --build "$dir/build" -j "$(nproc)" --target outis_static >/dev/null
    fi
    echo "$dir"
}
base_dir=$(checkout "$BASE")
new_dir=$root
if [[ -n $NEW ]]; then
    new_dir=$(checkout "$NEW")
fi
[[ -f $new_dir/build/liboutis.a ]] || { echo "scan_ab.sh: build first (make build)" >&2; exit 2; }
for side in base new; do
    dir=base_dir
    [[ $side == new ]] && dir=new_dir
    # shellcheck disable=SC2046
    "$CC" -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"${!dir}/include" -o "$tmp/$side" \
        "$here/scan_ab.c" "${!dir}/build/liboutis.a" \
        $(pkg-config --cflags --libs libhs libsodium sqlite3 libcrypto jansson) -lpthread -lm
done

best() { awk -v a="${1:-0}" -v b="$2" 'BEGIN { print (b > a) ? b : a }'; }
declare -A mb found
for ((r = 0; r < ROUNDS; r++)); do
    for mode in block file; do
        for side in base new; do
            "$tmp/$side" "$corpus" "$mode" "$RUNS" >"$tmp/out"
            mb[$side.$mode]=$(best "${mb[$side.$mode]:-}" "$(awk '$1 == "mb_s" { print $2 }' "$tmp/out")")
            found[$side]=$(awk '$1 == "findings" { print $2 }' "$tmp/out")
        done
    done
done
if [[ ${found[base]} != "${found[new]}" ]]; then
    echo "scan_ab.sh: the two find ${found[base]} and ${found[new]} values" >&2
    exit 1
fi
echo "corpus: $corpus; base $(git -C "$base_dir" rev-parse --short HEAD)," \
    "new $(git -C "$new_dir" rev-parse --short HEAD)$([[ -z $NEW ]] && echo ' (this checkout)');" \
    "${found[new]} findings each"
printf '%-10s %10s %10s %8s\n' "mode" "base MB/s" "new MB/s" "new/base"
for mode in block file; do
    printf '%-10s %10s %10s %8s\n' "$mode" "${mb[base.$mode]}" "${mb[new.$mode]}" \
        "$(awk -v a="${mb[base.$mode]}" -v b="${mb[new.$mode]}" 'BEGIN { printf "%.3f", b / a }')"
done
