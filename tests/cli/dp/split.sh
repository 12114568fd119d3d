# --split 1,3 gives the count a quarter of epsilon 1 and the sum three quarters (the
# epsilon column), so the count's interval is wider than with an even split
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --privacy-unit person --by region --keys dp_regions.csv \
  --count --sum spend:0:100 --split 1,3 --epsilon 1 --seed 3 -q
