# reset without --yes is a usage error (exit 2) and changes nothing
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$OUTIS" budget set small.csv --epsilon 1 --ledger "$tmp/l.db" >/dev/null || exit
"$OUTIS" budget reset small.csv --ledger "$tmp/l.db"
