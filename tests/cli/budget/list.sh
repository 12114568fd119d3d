# show without DATA lists every budget of the ledger, ordered by dataset and label; OUTIS_LEDGER
# names the ledger; an empty ledger says so
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget show || exit
"$OUTIS" budget show --json | sed -E 's/"version": "[0-9]+\.[0-9]+\.[0-9]+"/"version": "X.Y.Z"/'
"$OUTIS" budget set small.csv --epsilon 1 --dataset b >/dev/null || exit
"$OUTIS" budget set small.csv --epsilon 3 --dataset a >/dev/null || exit
"$OUTIS" budget set tab.tsv --epsilon 0.5 --delta 1e-9 >/dev/null || exit
echo "--- list"
"$OUTIS" budget show
