# --epsilon takes a finite number > 0: each of these is a usage error (exit 2) and spends
# nothing
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
status=0
for e in 0 -1 abc nan inf 1e999 1x ""; do
  "$OUTIS" dp dp_visits.csv --count --epsilon "$e"
  status=$?
  echo "--epsilon '$e': exit $status"
done
"$OUTIS" budget show dp_visits.csv | grep releases
exit $status
