#!/usr/bin/env bash
# scan_formats_bench.sh - peak memory and time of `outis scan` on one table read as CSV, as JSON
# Lines, as an SQLite table and piped through standard input, at two sizes: memory that does
# not follow the rows stays the same from ROWS to 2 x ROWS.
#
#   bench/scan_formats_bench.sh                  # 1,000,000 and 2,000,000 rows x 20 columns
#   ROWS=200000 bench/scan_formats_bench.sh      # a quick check
#   BASE=/path/to/older/outis bench/scan_formats_bench.sh   # the same runs of another build
#
# The CSV is bench/scan_table_gen.py's (as bench/scan_table_bench.sh); the JSON Lines file
# and the SQLite database are made from it with Python's csv, json and sqlite3 (reused while
# the CSV is unchanged). Each run is timed with /usr/bin/time: wall seconds and peak RSS (MB
# = 10^6 bytes). The roles of the four inputs are compared (the sampled columns' confidences
# may differ by 0.01 between the seek and the reservoir sample).
#
# Environment: ROWS (1000000), SEED (1), OUTIS (build/outis), BASE (none), OUT (bench/out).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
case "${1:-}" in
    -h | --help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    '') ;;
    *) echo "scan_formats_bench.sh: unknown argument '$1'" >&2; exit 2 ;;
esac

ROWS=${ROWS:-1000000}
SEED=${SEED:-1}
OUTIS=${OUTIS:-$root/build/outis}
BASE=${BASE:-}
OUT=${OUT:-$here/out}

die() { echo "scan_formats_bench.sh: $*" >&2; exit 2; }
[[ $ROWS =~ ^[0-9]+$ && $ROWS -gt 0 ]] || die "ROWS must be a positive integer"
[[ -x $OUTIS ]] || die "no outis binary at $OUTIS; build it first (make build)"
[[ -z $BASE || -x $BASE ]] || die "no binary at BASE=$BASE"
[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is needed: apt-get install time"

mkdir -p "$OUT"
tmp=$(mktemp -d "$OUT/run.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# make_inputs N: the CSV of N rows and its JSON Lines and SQLite copies
make_inputs() {
    local n=$1 csv=$OUT/scan_table_${1}r_s${SEED}.csv
    if [[ ! -s $csv || $here/scan_table_gen.py -nt $csv ]]; then
        echo "generating $csv" >&2
        python3 "$here/scan_table_gen.py" "$n" "$csv.tmp" --seed "$SEED"
        mv "$csv.tmp" "$csv"
    fi
    if [[ ! -s ${csv%.csv}.jsonl || $csv -nt ${csv%.csv}.jsonl || ! -s ${csv%.csv}.db ||
        $csv -nt ${csv%.csv}.db ]]; then
        echo "making the JSON Lines and SQLite copies of $csv" >&2
        python3 - "$csv" <<'EOF'
import csv, json, os, sqlite3, sys
src = sys.argv[1]
base = src[:-4]
with open(src, newline="", encoding="utf-8") as f, \
        open(base + ".jsonl.tmp", "w", encoding="utf-8") as j:
    r = csv.reader(f)
    header = next(r)
    for row in r:
        j.write(json.dumps(dict(zip(header, row)), ensure_ascii=False) + "\n")
os.replace(base + ".jsonl.tmp", base + ".jsonl")
if os.path.exists(base + ".db.tmp"):
    os.remove(base + ".db.tmp")
db = sqlite3.connect(base + ".db.tmp")
cols = ", ".join('"%s" TEXT' % h.replace('"', '""') for h in header)
db.execute("CREATE TABLE t (%s)" % cols)
with open(src, newline="", encoding="utf-8") as f:
    r = csv.reader(f)
    next(r)
    db.executemany("INSERT INTO t VALUES (%s)" % ", ".join("?" * len(header)), r)
db.commit()
db.close()
os.replace(base + ".db.tmp", base + ".db")
EOF
    fi
    echo "$csv"
}

# timed LABEL BIN ARGS... (stdin from $input when LABEL is "stdin")
timed() {
    local label=$1 bin=$2
    shift 2
    if [[ $label == stdin ]]; then
        cat "$input" | /usr/bin/time -f '%e %M' -o "$tmp/time" "$bin" "$@" >"$tmp/$label.txt"
    else
        /usr/bin/time -f '%e %M' -o "$tmp/time" "$bin" "$@" >"$tmp/$label.txt"
    fi
    awk '{ printf "%.2f | %.0f", $1, $2 * 1.024 / 1000 }' "$tmp/time"
}

echo "| rows | input | build | wall s | peak RSS MB |"
echo "|---:|---|---|---:|---:|"
for n in "$ROWS" $((2 * ROWS)); do
    csv=$(make_inputs "$n")
    base=${csv%.csv}
    for bin in "$OUTIS" ${BASE:+"$BASE"}; do
        which=$([[ $bin == "$OUTIS" ]] && echo outis || echo base)
        cat "$csv" "$base.jsonl" "$base.db" >/dev/null # a warm page cache
        echo "| $n | CSV | $which | $(timed csv "$bin" scan -q --today 2025-06-01 "$csv") |"
        echo "| $n | JSON Lines | $which | $(timed jsonl "$bin" scan -q --today 2025-06-01 "$base.jsonl") |"
        echo "| $n | SQLite | $which | $(timed sqlite "$bin" scan -q --today 2025-06-01 "sqlite:$base.db?table=t") |"
        input=$csv
        echo "| $n | CSV piped to stdin | $which | $(timed stdin "$bin" scan -q --today 2025-06-01 --format csv -) |"
        for f in jsonl sqlite stdin; do
            if ! diff -q <(sed -n '/^column/,/^$/p' "$tmp/csv.txt" | awk '{ print $1, $2 }') \
                <(sed -n '/^column/,/^$/p' "$tmp/$f.txt" | awk '{ print $1, $2 }') >/dev/null; then
                echo "scan_formats_bench.sh: $which: the roles from $f differ from the CSV's" >&2
                exit 1
            fi
        done
    done
done
