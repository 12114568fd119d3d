# count, sum and mean of spend by region over public keys (dp_regions.csv also lists west,
# which has no rows: it is released too, from noise alone); persons with rows in several
# regions count in one (--max-groups 1); CSV output, the release summary on stderr
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --privacy-unit person --by region --keys dp_regions.csv \
  --count --sum spend:0:100 --mean spend:0:100 --epsilon 1 --seed 1
