# aggregates come either as flags or from --query, not both (exit 2), in either order
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --query dp_query.json --count --seed 1
echo "exit $?"
"$OUTIS" dp dp_visits.csv --sum spend:0:100 --query dp_query.json --seed 1
