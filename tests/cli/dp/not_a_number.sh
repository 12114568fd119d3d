# a value that is not a number in an aggregated column is bad input (exit 3) for each
# numeric aggregate: the message names the column and the row, never the value
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_bad_number.csv --epsilon 10 >/dev/null || exit
status=0
for agg in "--sum spend:0:100" "--mean spend:0:100" "--quantile spend:0.5:0:100" \
    "--histogram spend:0:100:4"; do
  # shellcheck disable=SC2086
  "$OUTIS" dp dp_bad_number.csv --privacy-unit person $agg --epsilon 1 2>"$tmp/err"
  status=$?
  echo "$agg: exit $status"
  cat "$tmp/err" >&2
  grep -q secret "$tmp/err" && echo "the value was shown"
done
"$OUTIS" budget show dp_bad_number.csv | grep releases
exit $status
