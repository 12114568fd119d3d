# --by without --keys selects groups privately, which needs --delta > 0 (exit 2)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 --delta 1e-5 >/dev/null || exit
"$OUTIS" dp dp_visits.csv --privacy-unit person --by region --count --epsilon 1
