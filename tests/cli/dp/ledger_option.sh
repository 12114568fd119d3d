# --ledger PATH is used instead of OUTIS_LEDGER: the release is charged there only
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 1 --ledger "$tmp/other.db" >/dev/null || exit
"$OUTIS" dp dp_visits.csv --count --epsilon 0.5 --seed 1 -q --ledger "$tmp/other.db" || exit
"$OUTIS" budget show dp_visits.csv --ledger "$tmp/other.db" | grep -E 'spent|releases'
"$OUTIS" budget show
