# other bad option values and command lines are usage errors (exit 2)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 10 >/dev/null || exit
status=0
for args in "--count --mechanism foo" "--count --max-groups 0" "--count --max-rows 1.5" \
    "--count --max-groups 1000001" "--count --missing-unit drop" "--count --granularity 0.3" \
    "--count --seed abc" "--count --frobnicate" "--count --epsilon"; do
  # shellcheck disable=SC2086
  "$OUTIS" dp dp_visits.csv --epsilon 1 $args
  status=$?
  echo "$args: exit $status"
done
"$OUTIS" dp --count --epsilon 1
echo "no file: exit $?"
"$OUTIS" dp dp_visits.csv dp_people.csv --count --epsilon 1
echo "two files: exit $?"
exit $status
