# -o FILE writes the release to FILE (through a temporary file renamed into place: none is
# left) and nothing to stdout; the summary still goes to stderr
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --privacy-unit person --count --sum spend:0:100 --epsilon 1 --seed 1 \
  -o "$tmp/out.csv" >"$tmp/stdout" || exit
echo "stdout: $(wc -c <"$tmp/stdout") bytes"
(cd "$tmp" && ls)
cat "$tmp/out.csv"
