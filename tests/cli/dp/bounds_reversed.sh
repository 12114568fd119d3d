# a lower bound above the upper bound is a usage error (exit 2) for each aggregate; equal
# bounds are also refused for quantile and histogram
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
status=0
for args in "--sum spend:5:1" "--mean spend:100:0" "--quantile spend:0.5:9:1" \
    "--histogram visits:6:0:3" "--histogram visits:2:2:1"; do
  # shellcheck disable=SC2086
  "$OUTIS" dp dp_visits.csv $args --epsilon 1
  status=$?
  echo "$args: exit $status"
done
exit $status
