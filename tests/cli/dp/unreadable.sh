# a data file or a keys file that cannot be read is bad input (exit 3)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" dp dp_no_such_file.csv --count --epsilon 1
echo "exit $?"
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --by region --keys dp_no_such_keys.csv --count --epsilon 1
