# errors in a --query file name the field and what was expected (exit 2): a wrong type, an
# unknown field, no aggregates, an empty list, an unknown aggregate type, a missing bound,
# a bin count that is not whole, "by" not a list, an unknown field in an aggregate; the file is shown as TMP/q.json
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
status=0
while IFS= read -r q; do
  printf '%s\n' "$q" >"$tmp/q.json"
  echo "$q"
  "$OUTIS" dp dp_visits.csv --query "$tmp/q.json" 2>&1 | sed "s|$tmp|TMP|g"
  status=${PIPESTATUS[0]}
  echo "exit $status"
done <<'JSON'
{"epsilon": "1", "aggregates": [{"type": "count"}]}
{"epsilon": 1, "colour": "red", "aggregates": [{"type": "count"}]}
{"epsilon": 1}
{"epsilon": 1, "aggregates": []}
{"epsilon": 1, "aggregates": [{"type": "median", "column": "spend"}]}
{"epsilon": 1, "aggregates": [{"type": "count"}, {"type": "sum", "column": "spend", "upper": 1}]}
{"epsilon": 1, "aggregates": [{"type": "sum", "column": "spend", "lower": "0", "upper": 1}]}
{"epsilon": 1, "aggregates": [{"type": "histogram", "column": "visits", "lower": 0, "upper": 6, "bins": 2.5}]}
{"epsilon": 1, "aggregates": [{"type": "sum", "lower": 0, "upper": 1}]}
{"epsilon": 1, "aggregates": [{"type": "count", "share": "half"}]}
{"epsilon": 1, "by": "region", "aggregates": [{"type": "count"}]}
{"epsilon": 1, "mechanism": "normal", "aggregates": [{"type": "count"}]}
{"epsilon": 1, "max_rows": 0, "aggregates": [{"type": "count"}]}
{"epsilon": 1, "aggregates": [17]}
{"epsilon": 1, "aggregates": [{"type": "count", "shar": 0.5}]}
[{"type": "count"}]
JSON
exit "$status"
