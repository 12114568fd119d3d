# the records of dp_visits.csv as JSON Lines give the same release (with --seed) from their
# own budget; an SQLite table is refused: the budget is kept per file content (exit 2)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
python3 csv_to.py jsonl dp_visits.csv "$tmp/visits.jsonl" || exit 99
python3 csv_to.py sqlite dp_visits.csv "$tmp/visits.db" visits || exit 99
"$OUTIS" budget set "$tmp/visits.jsonl" --epsilon 10 >/dev/null || exit
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
release() {
  "$OUTIS" dp "$@" --privacy-unit person --by region --keys dp_regions.csv --count \
    --mean spend:0:100 --epsilon 1 --seed 1 2>&1 | sed "s|$tmp|TMP|g"
  echo "exit ${PIPESTATUS[0]}"
}
release "$tmp/visits.jsonl" >"$tmp/jsonl.out"
release dp_visits.csv >"$tmp/csv.out"
cat "$tmp/jsonl.out"
sed 's|TMP/visits.jsonl|dp_visits.csv|' "$tmp/jsonl.out" | diff - "$tmp/csv.out" && echo "same release"
release "sqlite:$tmp/visits.db?table=visits"
