# a release that spends exactly what is left goes ahead (remaining 0); then any further
# release, however small, exits 5
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 1 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --count --epsilon 0.75 --seed 1 -q >/dev/null || exit
"$OUTIS" dp dp_visits.csv --count --epsilon 0.25 --seed 1 >/dev/null
echo "exit $?"
"$OUTIS" dp dp_visits.csv --count --epsilon 0.001 --seed 1
echo "exit $?"
"$OUTIS" budget show dp_visits.csv
