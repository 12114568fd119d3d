# --json with --sensitive, --population and --threshold (the version is not pinned)
set -o pipefail
"$OUTIS" risk small.csv --qi age,sex,zip --sensitive diagnosis,salary --population small_pop.csv \
  --threshold 0.3 --json | sed 's/"version": "[0-9][^"]*"/"version": "X.Y.Z"/'
