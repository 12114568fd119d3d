# the delimiter is sniffed: comma
set -o pipefail
"$OUTIS" risk small.csv --qi age,sex,zip --json | sed -n '/"input"/,/}/p'
