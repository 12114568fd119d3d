# --epsilon is required, on the command line or in --query (exit 2)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --count
echo "exit $?"
printf '{"aggregates": [{"type": "count"}]}\n' >"$tmp/q.json"
"$OUTIS" dp dp_visits.csv --query "$tmp/q.json"
