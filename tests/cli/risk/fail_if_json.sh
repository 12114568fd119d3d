# --fail-if in the JSON report
set -o pipefail
"$OUTIS" risk small.csv --qi age,sex,zip --population small_pop.csv --combinations none --json \
  --fail-if 'journalist_max>=0.5,marketer>0.5' | sed -n '/"policy"/,$p'
