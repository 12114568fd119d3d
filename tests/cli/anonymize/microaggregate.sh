# age microaggregated (MDAV, groups of 3 to 5, means with 1 decimal) instead of generalized,
# with sex generalized; the sensitive diagnosis is masked before the search, so 2-diversity
# is reached on the masked values, which the release check reads back
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$OUTIS" anonymize anon_people.csv --plan anon_micro.json -o "$tmp/out.csv" |
  sed -e "s|$tmp|TMP|g" -e 's/evaluated, [0-9.]* s$/evaluated, S s/'
echo "exit ${PIPESTATUS[0]}"
cat "$tmp/out.csv"
sed -n '/"age"/,/}/p' "$tmp/out.csv.plan.json"
