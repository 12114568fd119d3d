# without --privacy-unit each row is a person: the count is of rows (20 in dp_visits.csv)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 100 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --count --sum visits:0:5 --epsilon 20 --seed 1 -q
