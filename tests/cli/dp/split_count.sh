# --split needs one positive weight per aggregate (exit 2 otherwise)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
status=0
for w in 1 1,2,3 1,0 1,x 1,-1 ","; do
  "$OUTIS" dp dp_visits.csv --count --sum spend:0:100 --split "$w" --epsilon 1 --seed 1
  status=$?
  echo "--split $w: exit $status"
done
exit $status
