# identifying columns pseudonymized (12 hex characters), masked (first character kept) and
# encrypted with FF1 (the dash stays); a date shifted by up to 30 days per person; the key
# file is made private here (git keeps no modes); the plan's key_file is overridden
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cp anon_key.hex "$tmp/key" && chmod 600 "$tmp/key" || exit 99
"$OUTIS" anonymize anon_people.csv --plan anon_plan.json --key-file "$tmp/key" \
  -o "$tmp/out.csv" | sed -e "s|$tmp|TMP|g" -e 's/evaluated, [0-9.]* s$/evaluated, S s/'
echo "exit ${PIPESTATUS[0]}"
cat "$tmp/out.csv"
sed -n '/"id": {/,/}/p' "$tmp/out.csv.plan.json"
grep '"key_file"' "$tmp/out.csv.plan.json" | sed "s|$tmp|TMP|g"
