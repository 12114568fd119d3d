# --delta takes a number in [0, 1) (exit 2 otherwise)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 --delta 1e-5 >/dev/null || exit
status=0
for d in 1 -0.1 2 nan x; do
  "$OUTIS" dp dp_visits.csv --count --epsilon 1 --delta "$d"
  status=$?
  echo "--delta '$d': exit $status"
done
exit $status
