# usage errors (exit 2) and bad input (exit 3), each with its message
"$OUTIS" scan
echo "exit $?"
"$OUTIS" scan --json --sarif scan_notes.txt
echo "exit $?"
"$OUTIS" scan --sample 0 scan_table.csv
echo "exit $?"
"$OUTIS" scan --seed -1 scan_table.csv
echo "exit $?"
"$OUTIS" scan --today 2025-02-30 scan_notes.txt
echo "exit $?"
"$OUTIS" scan --min-confidence 1.5 scan_notes.txt
echo "exit $?"
"$OUTIS" scan --format xml scan_notes.txt
echo "exit $?"
"$OUTIS" scan --frobnicate scan_notes.txt
echo "exit $?"
"$OUTIS" scan --include
echo "exit $?"
"$OUTIS" scan no_such_file.txt
echo "exit $?"
"$OUTIS" scan no_such_table.csv
echo "exit $?"
"$OUTIS" scan ragged.csv
echo "exit $?"
"$OUTIS" scan --encoding nope scan_table.csv
echo "exit $?"
