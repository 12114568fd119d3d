# show for a dataset without a budget exits 5 and says how to set one: first with no ledger
# file at all (none is created), then in a ledger that holds another dataset's budget
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$OUTIS" budget show small.csv --ledger "$tmp/l.db"
echo "exit $?"
test -e "$tmp/l.db" && echo "a ledger was created"
"$OUTIS" budget set tab.tsv --epsilon 1 --ledger "$tmp/l.db" >/dev/null || exit
"$OUTIS" budget show small.csv --dataset weekly --ledger "$tmp/l.db"
