# BINS of --histogram COL:LO:HI:BINS must be a whole number from 1 to 100000 (exit 2)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
status=0
for bins in 2.5 0 -3 100001 1e9; do
  "$OUTIS" dp dp_visits.csv --histogram "visits:0:6:$bins" --epsilon 1
  status=$?
  echo "BINS $bins: exit $status"
done
exit $status
