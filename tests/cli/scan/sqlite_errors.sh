# SQLite errors: a table that does not exist (exit 3, listing those that do), a file that is
# not a database (exit 3), no path after sqlite: (exit 2)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
python3 csv_to.py sqlite small.csv "$tmp/db.sqlite" people || exit 99
python3 csv_to.py sqlite small.csv "$tmp/db.sqlite" visits || exit 99
"$OUTIS" scan "sqlite:$tmp/db.sqlite?table=patients" 2>&1 | sed "s|$tmp|TMP|g"
echo "exit ${PIPESTATUS[0]}"
"$OUTIS" scan "sqlite:scan_table.csv" 2>&1
echo "exit $?"
"$OUTIS" scan --format sqlite scan_notes.txt 2>&1
echo "exit $?"
"$OUTIS" scan "sqlite:" 2>&1
echo "exit $?"
