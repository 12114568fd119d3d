# a dataset without a budget exits 5 and says how to set one; so does another label of a
# dataset that has a budget
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" dp dp_visits.csv --count --epsilon 1 --seed 1
echo "exit $?"
"$OUTIS" budget set dp_visits.csv --epsilon 1 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --count --epsilon 1 --seed 1 --dataset weekly
