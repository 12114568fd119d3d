# set a budget, then show it: the dataset is named by the XXH3-128 of small.csv
# (xxhsum -H2 small.csv), the label defaults to "default", nothing is spent yet
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$OUTIS" budget set small.csv --epsilon 1 --delta 1e-5 --ledger "$tmp/l.db" || exit
echo "--- show"
"$OUTIS" budget show small.csv --ledger "$tmp/l.db"
