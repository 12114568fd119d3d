# '-' (standard input) is refused: the budget is kept per file content (exit 2)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" dp - --count --epsilon 1 <dp_visits.csv
