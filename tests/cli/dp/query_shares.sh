# shares in a --query file that add up to more than 1, a negative share, and a share of 1
# that leaves nothing for an aggregate without one, are usage errors (exit 2)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
status=0
while IFS= read -r q; do
  printf '%s\n' "$q" >"$tmp/q.json"
  echo "$q"
  "$OUTIS" dp dp_visits.csv --query "$tmp/q.json" 2>&1 | sed "s|$tmp/||"
  status=${PIPESTATUS[0]}
  echo "exit $status"
done <<'JSON'
{"epsilon": 1, "aggregates": [{"type": "count", "share": 0.7}, {"type": "count", "share": 0.6}]}
{"epsilon": 1, "aggregates": [{"type": "count", "share": -0.1}]}
{"epsilon": 1, "aggregates": [{"type": "count", "share": 1}, {"type": "count"}]}
JSON
exit $status
