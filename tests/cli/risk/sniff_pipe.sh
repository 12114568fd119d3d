# the delimiter is sniffed: pipe
set -o pipefail
"$OUTIS" risk pipe.csv --qi age,sex,zip --json | sed -n '/"input"/,/}/p'
