# show --json: one document with the budget's keys as in outis_budget (outis/dp.h); the
# version number is replaced with X.Y.Z
set -o pipefail
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$OUTIS" budget set small.csv --epsilon 2.5 --delta 1e-6 --dataset reports \
  --ledger "$tmp/l.db" >/dev/null || exit
"$OUTIS" budget show small.csv --dataset reports --json --ledger "$tmp/l.db" |
  sed -E 's/"version": "[0-9]+\.[0-9]+\.[0-9]+"/"version": "X.Y.Z"/'
