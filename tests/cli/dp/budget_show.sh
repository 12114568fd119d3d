# after two releases (epsilon 1 laplace, then epsilon 0.5 with delta 1e-6 for private group
# selection) 'outis budget show' shows what they spent, in text and in --json
set -o pipefail
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_people.csv --epsilon 3 --delta 1e-5 >/dev/null || exit
"$OUTIS" dp dp_people.csv --privacy-unit person --count --epsilon 1 --seed 1 -q >/dev/null || exit
"$OUTIS" dp dp_people.csv --privacy-unit person --by region --count --epsilon 0.5 --delta 1e-6 \
  --seed 1 -q >/dev/null || exit
"$OUTIS" budget show dp_people.csv || exit
"$OUTIS" budget show dp_people.csv --json |
  sed -E 's/"version": "[0-9]+\.[0-9]+\.[0-9]+"/"version": "X.Y.Z"/'
