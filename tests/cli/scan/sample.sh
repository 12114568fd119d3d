# --sample N --seed S: a uniform sample of rows, the same for the same seed
set -o pipefail
"$OUTIS" scan --today 2025-06-01 --sample 4 --seed 3 scan_table.csv | head -3
"$OUTIS" scan --today 2025-06-01 --sample 4 --seed 3 --json scan_table.csv >a.tmp.json &&
  "$OUTIS" scan --today 2025-06-01 --sample 4 --seed 3 --json scan_table.csv | cmp - a.tmp.json &&
  echo "same sample for the same seed"
grep -E '"(rows|sample)"' a.tmp.json | head -2
rm -f a.tmp.json
"$OUTIS" scan --sample 100 scan_table.csv | head -3
