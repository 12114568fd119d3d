# SQLite: every table of a database (in name order, named in the sources) when none is named,
# one table with ?table=, and a database file given without sqlite: (found by its header)
set -o pipefail
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
python3 csv_to.py sqlite scan_table.csv "$tmp/db.sqlite" "patients 2024" || exit 99
python3 csv_to.py sqlite small.csv "$tmp/db.sqlite" people || exit 99
"$OUTIS" scan --today 2025-06-01 "sqlite:$tmp/db.sqlite" 2>&1 | sed "s|$tmp|TMP|g"
echo "exit $?"
"$OUTIS" scan --today 2025-06-01 "sqlite:$tmp/db.sqlite?table=people" --json |
  grep -E '"(source|role|name)"' | sed "s|$tmp|TMP|g"
"$OUTIS" scan --today 2025-06-01 "$tmp/db.sqlite" --fail-on organisation_identifier 2>&1 |
  sed "s|$tmp|TMP|g" | tail -3
echo "exit $?"
