# a query without an aggregate is a usage error (exit 2)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --by region --keys dp_regions.csv --epsilon 1
