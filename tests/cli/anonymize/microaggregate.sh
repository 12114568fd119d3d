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
echo "-- age and zip microaggregated together (one group: multivariate MDAV), then apart"
cat > "$tmp/m.json" <<'P'
{"columns": {"age": {"role": "quasi-identifying", "treatment": "microaggregate", "decimals": 1},
             "zip": {"role": "quasi-identifying", "treatment": "microaggregate", "decimals": 0}},
 "criteria": {"k": 3}}
P
"$OUTIS" anonymize anon_people.csv --plan "$tmp/m.json" -o "$tmp/m.csv" | sed -n 1,3p |
  sed -e "s|$tmp|TMP|g"
cat "$tmp/m.csv"
grep -c '"group": "default"' "$tmp/m.csv.plan.json"
sed 's/"decimals": 0}/"decimals": 0, "group": "place"}/' "$tmp/m.json" > "$tmp/a.json"
"$OUTIS" anonymize anon_people.csv --plan "$tmp/a.json" -o "$tmp/a.csv" | sed -n 3p
cut -d, -f1,2 "$tmp/a.csv" | sort | uniq -c | sort -k2
echo "-- one group, two k"
sed 's/"decimals": 0}/"decimals": 0, "k": 4}/' "$tmp/m.json" > "$tmp/k.json"
"$OUTIS" anonymize anon_people.csv --plan "$tmp/k.json" -o "$tmp/k.csv" 2>&1 | sed -e "s|$tmp|TMP|g"
echo "exit ${PIPESTATUS[0]}"
