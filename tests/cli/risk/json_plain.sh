# --json without population, sensitive attributes or policy: those are null or empty
set -o pipefail
"$OUTIS" risk small.csv --qi sex --json | sed 's/"version": "[0-9][^"]*"/"version": "X.Y.Z"/'
