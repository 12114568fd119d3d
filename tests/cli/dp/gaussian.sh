# --mechanism gaussian spends zCDP rho (shown per value), converted to epsilon in the budget
# with the delta left
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 --delta 1e-4 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --privacy-unit person --by region --keys dp_regions.csv \
  --count --sum spend:0:100 --mechanism gaussian --epsilon 1 --delta 1e-5 --seed 2
