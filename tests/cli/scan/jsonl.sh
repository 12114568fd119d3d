# JSON Lines: the same table as scan_table.csv, numbers as JSON numbers; nested keys are
# named by their last part
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
python3 csv_to.py jsonl scan_table.csv "$tmp/t.jsonl" || exit 99
printf '{"id": 1, "contact": {"mobile": "13812345678", "name": "王伟"}}\n{"id": 2, "contact": {"mobile": "13912345678", "name": "李娜"}}\n' >"$tmp/nested.jsonl"
cd "$tmp" || exit 99
"$OUTIS" scan --today 2025-06-01 t.jsonl nested.jsonl
echo "exit $?"
