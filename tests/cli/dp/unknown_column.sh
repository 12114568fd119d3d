# an aggregate over a column the table lacks is a usage error (exit 2) that suggests the
# closest name; nothing is spent
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --sum spnd:0:100 --epsilon 1
status=$?
"$OUTIS" budget show dp_visits.csv | grep releases
exit $status
