# a --query file that does not exist: exit 3, with the reason and no line or column
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --query dp_no_such_query.json
