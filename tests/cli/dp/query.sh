# --query FILE.json gives the whole query, with the budget shares of its aggregates (0.2 and
# 0.8 of epsilon 1); the keys path in it is relative to the working directory
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
cat dp_query.json
echo "---"
"$OUTIS" dp dp_visits.csv --query dp_query.json --seed 1
