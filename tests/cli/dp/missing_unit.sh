# a privacy unit column with missing values is refused (exit 3, naming the first such row)
# unless --missing-unit one-unit (missing_one_unit.sh); nothing is spent
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_missing.csv --epsilon 10 >/dev/null || exit
"$OUTIS" dp dp_missing.csv --privacy-unit person --count --epsilon 1 --seed 1
status=$?
"$OUTIS" dp dp_missing.csv --privacy-unit person --count --epsilon 1 --missing-unit refuse \
  --seed 1
echo "--missing-unit refuse: exit $?"
"$OUTIS" budget show dp_missing.csv | grep releases
exit $status
