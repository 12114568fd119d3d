# --missing-unit one-unit: the rows without a person (rows 3 and 5 of dp_missing.csv) count
# as one person together, so the release goes ahead
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_missing.csv --epsilon 10 >/dev/null || exit
"$OUTIS" dp dp_missing.csv --privacy-unit person --count --sum spend:0:100 \
  --missing-unit one-unit --epsilon 1 --seed 1
