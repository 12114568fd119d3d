# --skip-bad-rows skips the ragged row and counts it (text and JSON)
set -o pipefail
"$OUTIS" risk ragged.csv --qi a --skip-bad-rows --combinations none | head -n 4
"$OUTIS" risk ragged.csv --qi a --skip-bad-rows --json | sed -n '/"input"/,/}/p'
