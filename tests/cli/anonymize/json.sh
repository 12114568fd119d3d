# --json prints the report as JSON (docs/schema/anonymize-report.json); --report-json writes
# it to a file, and the filled plan goes beside it (r.json -> r.plan.json), not beside OUT
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$OUTIS" anonymize anon_people.csv --qi age,sex,zip --hierarchy age=anon_age.csv \
  --hierarchy sex=anon_sex.csv --hierarchy zip=anon_zip.csv --k 3 --suppression 0.2 \
  --metric discernibility --json -o "$tmp/out.csv" |
  sed -e "s|$tmp|TMP|g" -e 's/"seconds": .*/"seconds": S/'
echo "exit ${PIPESTATUS[0]}"
"$OUTIS" anonymize anon_people.csv --qi age,sex,zip --hierarchy age=anon_age.csv \
  --hierarchy sex=anon_sex.csv --hierarchy zip=anon_zip.csv --k 3 --suppression 0.2 \
  --metric discernibility -q --report-json "$tmp/r.json" -o "$tmp/out2.csv" >/dev/null
echo "exit $?"
(cd "$tmp" && ls)
grep -E '"(output|plan|suppressed)"' "$tmp/r.json" | sed "s|$tmp|TMP|g"
