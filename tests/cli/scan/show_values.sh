# --show-values: raw values instead of masked previews, in text, JSON and the table example
set -o pipefail
"$OUTIS" scan --show-values scan_notes.txt
"$OUTIS" scan --show-values --json scan_notes.txt | grep -o '"preview": "[^"]*", "value": "[^"]*"'
"$OUTIS" scan --show-values --json scan_table.csv | grep '"example"' | head -3
