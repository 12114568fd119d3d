# an output that cannot be written (a missing directory, a directory) fails with exit 4
# before the charge: the budget is untouched
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 1 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --count --epsilon 0.5 --seed 1 -o "$tmp/no/such/dir/x.csv" 2>&1 |
  sed "s|$tmp|TMP|g"
echo "exit ${PIPESTATUS[0]}"
"$OUTIS" dp dp_visits.csv --count --epsilon 0.5 --seed 1 -o "$tmp" 2>&1 | sed "s|$tmp|TMP|g"
echo "exit ${PIPESTATUS[0]}"
"$OUTIS" budget show dp_visits.csv | grep -E '^(spent|releases)'
