# a --by that names a column twice, or none, is a usage error (exit 2)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --by region,region --keys dp_regions.csv --count --epsilon 1
echo "exit $?"
"$OUTIS" dp dp_visits.csv --by " , " --count --epsilon 1
