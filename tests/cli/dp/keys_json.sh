# the same release as keys.sh with --json: one document (docs/schema/dp.json) with the
# budget after the charge; the same seed gives the same values
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --privacy-unit person --by region --keys dp_regions.csv \
  --count --sum spend:0:100 --mean spend:0:100 --epsilon 1 --seed 1 --json
