# the filled plan of a release reproduces it exactly, from another directory too; flags win
# over the plan (--k 3 gives another release)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cp anon_key.hex "$tmp/key" && chmod 600 "$tmp/key" || exit 99
"$OUTIS" anonymize anon_people.csv --plan anon_plan.json --key-file "$tmp/key" -q \
  -o "$tmp/a.csv" >/dev/null || exit
mkdir "$tmp/elsewhere" && cp "$tmp/a.csv.plan.json" "$tmp/elsewhere/plan.json" || exit 99
"$OUTIS" anonymize "$PWD/anon_people.csv" --plan "$tmp/elsewhere/plan.json" -q \
  -o "$tmp/b.csv" >/dev/null
echo "exit $?"
cmp "$tmp/a.csv" "$tmp/b.csv" && echo "same release"
cmp "$tmp/a.csv.plan.json" "$tmp/b.csv.plan.json" && echo "same plan"
"$OUTIS" anonymize anon_people.csv --plan "$tmp/elsewhere/plan.json" --k 3 -q \
  -o "$tmp/c.csv" | grep -E '^(criteria|transformation)'
echo "exit ${PIPESTATUS[0]}"
grep -A1 '"criteria"' "$tmp/c.csv.plan.json"
