# the delimiter is sniffed: tab
set -o pipefail
"$OUTIS" risk tab.tsv --qi age,sex,zip --json | sed -n '/"input"/,/}/p'
