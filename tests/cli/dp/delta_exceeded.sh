# private group selection that needs more delta than is left exits 5 in delta's terms; so
# does gaussian noise once the delta it needs to convert rho is spent
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_people.csv --epsilon 10 --delta 1e-5 >/dev/null || exit
"$OUTIS" dp dp_people.csv --privacy-unit person --by region --count --epsilon 1 --delta 1e-4 \
  --seed 1 -q
echo "exit $?"
"$OUTIS" dp dp_people.csv --privacy-unit person --by region --count --epsilon 1 --delta 1e-5 \
  --seed 1 -q >/dev/null || exit
"$OUTIS" dp dp_people.csv --privacy-unit person --count --mechanism gaussian --epsilon 1 \
  --delta 1e-6 --seed 1 -q
