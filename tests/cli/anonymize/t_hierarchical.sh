# hierarchical t-closeness: the diagnosis hierarchy from a file (flags) and as a tree rule
# (plan); the filled plan keeps the sensitive hierarchy; with suppression the release is
# checked against the data's distribution, suppressed records included: in anon_clinic.csv
# (flu, asthma, diabetes 3 each) the class {flu, asthma} is 1/3 from it (1/3 moved across
# the root), while the 8 released records alone would put it 1/4 away; then the errors
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
qi=(--qi age,sex,zip --hierarchy age=anon_age.csv --hierarchy sex=anon_sex.csv
    --hierarchy zip=anon_zip.csv --sensitive diagnosis)
clean() { sed -e "s|$tmp|TMP|g" -e "s|$PWD|DATA|g" -e 's/evaluated, [0-9.]* s$/evaluated, S s/'; }
"$OUTIS" anonymize anon_people.csv "${qi[@]}" --hierarchy diagnosis=anon_diagnosis.csv --k 2 \
  --t 0.3 --t-kind hierarchical -o "$tmp/out.csv" | clean
echo "exit ${PIPESTATUS[0]}"
cat "$tmp/out.csv"
grep -A3 '"diagnosis"' "$tmp/out.csv.plan.json" | clean
cat > "$tmp/p.json" <<'P'
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": {"intervals": {"width": 5}}},
             "sex": {"role": "quasi-identifying", "hierarchy": {"tree": {"F": "*", "M": "*"}}},
             "diagnosis": {"role": "sensitive", "hierarchy": {"tree": {
               "flu": "respiratory", "asthma": "respiratory", "diabetes": "metabolic"}}}},
 "criteria": {"k": 2, "t": {"kind": "hierarchical", "t": 0.25}}, "suppression": 0.25}
P
"$OUTIS" anonymize anon_people.csv --plan "$tmp/p.json" --report-json "$tmp/r.json" \
  -o "$tmp/out2.csv" | clean
echo "exit ${PIPESTATUS[0]}"
cat "$tmp/out2.csv"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps(r["criteria"]))' "$tmp/r.json"
"$OUTIS" anonymize anon_clinic.csv --qi zip --hierarchy zip=anon_zip.csv --sensitive diagnosis \
  --hierarchy diagnosis=anon_diagnosis.csv --k 2 --t 0.34 --t-kind hierarchical \
  --suppression 0.12 --report-json "$tmp/c.json" -o "$tmp/out3.csv" | head -2 | clean
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["suppressed"], json.dumps(r["risk_before"]["sensitive"]), json.dumps(r["risk_after"]["sensitive"]))' "$tmp/c.json"
echo "-- t 0.3: the class at 1/3 must go up"
"$OUTIS" anonymize anon_clinic.csv --qi zip --hierarchy zip=anon_zip.csv --sensitive diagnosis \
  --hierarchy diagnosis=anon_diagnosis.csv --k 2 --t 0.3 --t-kind hierarchical \
  --suppression 0.12 -o "$tmp/out3.csv" | sed -n 1,3p | clean
echo "-- no hierarchy for the sensitive column"
"$OUTIS" anonymize anon_people.csv "${qi[@]}" --k 2 --t 0.3 --t-kind hierarchical -o "$tmp/x.csv"
echo "exit $?"
echo "-- a sensitive hierarchy without hierarchical t"
"$OUTIS" anonymize anon_people.csv "${qi[@]}" --hierarchy diagnosis=anon_diagnosis.csv --k 2 \
  --t 0.3 -o "$tmp/x.csv"
echo "exit $?"
echo "-- a masked sensitive column"
sed 's/"role": "sensitive", /"role": "sensitive", "treatment": "mask", "keep_first": 1, /' \
  "$tmp/p.json" > "$tmp/m.json"
"$OUTIS" anonymize anon_people.csv --plan "$tmp/m.json" -o "$tmp/x.csv" 2>&1 | clean
echo "exit ${PIPESTATUS[0]}"
echo "-- a hierarchy that does not cover a diagnosis"
head -2 anon_diagnosis.csv > "$tmp/d.csv"
"$OUTIS" anonymize anon_people.csv "${qi[@]}" --hierarchy diagnosis="$tmp/d.csv" --k 2 \
  --t 0.3 --t-kind hierarchical -o "$tmp/x.csv" 2>&1 | clean
echo "exit ${PIPESTATUS[0]}"
ls "$tmp"
