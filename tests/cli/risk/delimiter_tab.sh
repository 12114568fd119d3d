# --delimiter tab
set -o pipefail
"$OUTIS" risk tab.tsv --qi age,sex,zip --delimiter tab --json | sed -n '/"input"/,/}/p'
