# an unknown --by column (exit 2, with the closest name), in the data and then in the keys
# file; then an unknown --privacy-unit column
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --by regoin --keys dp_regions.csv --count --epsilon 1
echo "exit $?"
"$OUTIS" dp dp_visits.csv --by region --keys small.csv --count --epsilon 1
echo "exit $?"
"$OUTIS" dp dp_visits.csv --privacy-unit persn --count --epsilon 1
