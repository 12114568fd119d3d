# standard input: text by default (the source is <stdin>), a table with --format csv
set -o pipefail
"$OUTIS" scan --today 2025-06-01 - <scan_notes.txt
echo "exit $?"
"$OUTIS" scan --today 2025-06-01 --format csv - <scan_table.csv | head -8
"$OUTIS" scan --today 2025-06-01 --sarif - <scan_notes.txt | grep -c '"ruleId"'
# piped (copied to an unlinked temporary file, read as a file is): the same table, and
# errors named after "-"
cat scan_table.csv | "$OUTIS" scan --today 2025-06-01 --format csv - | head -8
printf 'a,b\n1,"x\n' | "$OUTIS" scan --format csv - 2>&1
echo "exit $?"
