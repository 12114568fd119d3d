# --sum without its bounds is a usage error (exit 2) that shows the expected form; so are
# an empty column and a bound too many (COL:LO:HI takes the last two colons)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
status=0
for arg in spend spend:0 :0:1 spend:0:1:2; do
  "$OUTIS" dp dp_visits.csv --sum "$arg" --epsilon 1
  status=$?
  echo "--sum $arg: exit $status"
done
exit $status
