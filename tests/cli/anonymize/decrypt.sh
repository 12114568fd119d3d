# --decrypt with the release's filled plan (or the original plan) turns the encrypted column
# back into the original; the other columns are copied as they are
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cp anon_key.hex "$tmp/key" && chmod 600 "$tmp/key" || exit 99
"$OUTIS" anonymize anon_people.csv --plan anon_plan.json --key-file "$tmp/key" -q \
  -o "$tmp/out.csv" >/dev/null || exit
"$OUTIS" anonymize "$tmp/out.csv" --decrypt --plan "$tmp/out.csv.plan.json" -o "$tmp/dec.csv" |
  sed "s|$tmp|TMP|g"
echo "exit ${PIPESTATUS[0]}"
cut -d, -f1-4 "$tmp/dec.csv"
cmp <(cut -d, -f3 anon_people.csv) <(cut -d, -f3 "$tmp/dec.csv") && echo "phone restored"
"$OUTIS" anonymize "$tmp/out.csv" --decrypt --plan anon_plan.json --key-file "$tmp/key" \
  -o - | cut -d, -f3 | head -3
echo "exit ${PIPESTATUS[0]}"
"$OUTIS" anonymize "$tmp/out.csv" --decrypt --plan anon_rules.json -o "$tmp/x.csv"
echo "exit $?"
