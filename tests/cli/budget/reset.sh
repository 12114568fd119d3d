# reset --yes keeps the total and shows the budget with nothing spent; set again changes the
# total
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$OUTIS" budget set small.csv --epsilon 1 --ledger "$tmp/l.db" >/dev/null || exit
"$OUTIS" budget set small.csv --epsilon 4 --delta 0.001 --ledger "$tmp/l.db" || exit
echo "--- reset"
"$OUTIS" budget reset small.csv --yes --ledger "$tmp/l.db"
