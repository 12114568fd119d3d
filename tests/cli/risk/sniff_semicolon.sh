# the delimiter is sniffed: semicolon
set -o pipefail
"$OUTIS" risk semicolon.csv --qi age,sex,zip --json | sed -n '/"input"/,/}/p'
