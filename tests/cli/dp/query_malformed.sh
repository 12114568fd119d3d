# a --query file that is not JSON is bad input (exit 3) at its line and column; so is a key
# given twice
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
printf '{"epsilon": 1,\n  "aggregates": [{"type": "count"},]}\n' >"$tmp/q.json"
"$OUTIS" dp dp_visits.csv --query "$tmp/q.json" 2>&1 | sed "s|$tmp|TMP|g"
echo "exit ${PIPESTATUS[0]}"
printf '{"epsilon": 1,\n "epsilon": 2, "aggregates": [{"type": "count"}]}\n' >"$tmp/q.json"
"$OUTIS" dp dp_visits.csv --query "$tmp/q.json" 2>&1 | sed "s|$tmp|TMP|g"
echo "exit ${PIPESTATUS[0]}"
printf '' >"$tmp/q.json"
"$OUTIS" dp dp_visits.csv --query "$tmp/q.json" 2>&1 | sed "s|$tmp|TMP|g"
exit "${PIPESTATUS[0]}"
