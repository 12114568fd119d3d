# --dataset LABEL charges that budget of the dataset and leaves the default one alone
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 1 >/dev/null || exit
"$OUTIS" budget set dp_visits.csv --epsilon 2 --dataset weekly >/dev/null || exit
"$OUTIS" dp dp_visits.csv --count --epsilon 1.5 --dataset weekly --seed 1 || exit
"$OUTIS" budget show | grep -E "label|spent"
