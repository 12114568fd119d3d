# bad option values and command lines: each is a usage error (exit 2); the last status is the
# script's
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
status=0
for args in "set small.csv --epsilon 0" "set small.csv --epsilon -1" "set small.csv --epsilon abc" \
    "set small.csv --epsilon inf" "set small.csv --epsilon nan" "set small.csv --epsilon 1e999" \
    "set small.csv --epsilon 1x" "set small.csv --epsilon 1 --delta 1" \
    "set small.csv --epsilon 1 --delta -0.1" "set small.csv --epsilon 1 --delta x" \
    "set small.csv" "set --epsilon 1" "show small.csv --epsilon 1" "set small.csv --epsilon 1 --json" \
    "show small.csv tab.tsv" "show --yes" "spend small.csv" "" "show --dataset" \
    "show --dataset=" "show --frobnicate" "show --ledger"; do
  # shellcheck disable=SC2086
  "$OUTIS" budget $args
  status=$?
  echo "$args: exit $status"
done
exit $status
