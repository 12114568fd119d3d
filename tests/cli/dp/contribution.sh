# --max-groups and --max-rows: with 2 and 2 a person's rows count in up to 2 regions, 2 rows
# each, so the noise (and the interval) is 4 times that of the defaults 1 and 1
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --privacy-unit person --by region --keys dp_regions.csv --count \
  --epsilon 1 --seed 3 -q || exit
echo "--- --max-groups 2 --max-rows 2"
"$OUTIS" dp dp_visits.csv --privacy-unit person --by region --keys dp_regions.csv --count \
  --max-groups 2 --max-rows 2 --epsilon 1 --seed 3 -q
