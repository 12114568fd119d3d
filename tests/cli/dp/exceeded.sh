# a release that needs more than is left exits 5, names what is spent and needed, and with
# -o creates no file; the ledger is unchanged
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 1 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --count --epsilon 0.6 --seed 1 -q -o "$tmp/a.csv" || exit
"$OUTIS" dp dp_visits.csv --count --epsilon 0.5 --seed 1 -o "$tmp/b.csv"
status=$?
echo "exit $status"
(cd "$tmp" && ls)
"$OUTIS" budget show dp_visits.csv | grep -E 'spent|releases'
"$OUTIS" dp dp_visits.csv --count --epsilon 2 --seed 1
