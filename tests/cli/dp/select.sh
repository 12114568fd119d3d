# all five aggregates without keys: groups are selected privately (needs --delta), so
# north, south and east (60 to 120 persons each) are released and island (2 persons) is not.
# The last histogram bin holds its upper bound: "[4,6]".
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_people.csv --epsilon 10 --delta 1e-4 >/dev/null || exit
"$OUTIS" dp dp_people.csv --privacy-unit person --by region --count --sum spend:0:100 \
  --mean age:18:90 --quantile age:0.5:18:90 --histogram visits:0:6:3 --epsilon 5 --delta 1e-5 \
  --seed 3
