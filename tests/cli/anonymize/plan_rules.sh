# a plan whose hierarchies are rules of each kind (intervals, a tree, masking from the right,
# dates), with distinct 2-diversity and 10% suppression; the filled plan has every default
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$OUTIS" anonymize anon_people.csv --plan anon_rules.json -o "$tmp/out.csv" |
  sed -e "s|$tmp|TMP|g" -e 's/evaluated, [0-9.]* s$/evaluated, S s/'
echo "exit ${PIPESTATUS[0]}"
cat "$tmp/out.csv"
sed "s|$PWD|DATA|g" "$tmp/out.csv.plan.json"
