# gaussian noise needs --delta > 0 (exit 2)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 --delta 1e-5 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --count --mechanism gaussian --epsilon 1
echo "exit $?"
"$OUTIS" dp dp_visits.csv --count --mechanism gaussian --epsilon 1 --delta 0
echo "exit $?"
"$OUTIS" dp dp_visits.csv --count --mechanism normal --epsilon 1 --delta 1e-6
