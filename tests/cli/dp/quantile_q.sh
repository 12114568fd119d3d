# the Q of --quantile COL:Q:LO:HI must be in [0, 1] (exit 2 otherwise)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
status=0
for q in 1.5 -0.1 x; do
  "$OUTIS" dp dp_visits.csv --quantile "spend:$q:0:100" --epsilon 1
  status=$?
  echo "Q $q: exit $status"
done
exit $status
