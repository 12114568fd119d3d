# hierarchies that do not fit the data are bad input (exit 3): a file that does not cover a
# value (the first missing values are named), a level that is not a function of the one
# below, a file that cannot be read; a tree rule that lacks values, an interval rule over a
# column that is not numeric, a date rule over one that is not dates (records named, not
# values); nothing is written
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
head -9 anon_age.csv >"$tmp/age_short.csv"
sed '2s/;20-29;20-39;/;20-29;40-59;/' anon_age.csv >"$tmp/age_not_function.csv"
run() {
  "$OUTIS" anonymize anon_people.csv "$@" -o "$tmp/o.csv" 2>&1 | sed "s|$tmp|TMP|g"
  echo "exit ${PIPESTATUS[0]}"
}
run --qi age --hierarchy age="$tmp/age_short.csv" --k 2
run --qi age --hierarchy age="$tmp/age_not_function.csv" --k 2
run --qi age --hierarchy age="$tmp/none.csv" --k 2
rule() {
  printf '{"columns": {"%s": {"role": "quasi-identifying", "hierarchy": %s}}, "criteria": {"k": 2}}\n' \
    "$1" "$2" >"$tmp/p.json"
  run --plan "$tmp/p.json"
}
rule diagnosis '{"tree": {"flu": "infection", "asthma": "chronic"}}'
rule diagnosis '{"tree": {"flu": "infection", "infection": "diabetes", "asthma": "diabetes"}}'
rule name '{"intervals": {"width": 10}}'
rule age '{"dates": ["year"]}'
(cd "$tmp" && ls)
