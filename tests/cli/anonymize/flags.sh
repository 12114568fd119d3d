# the simple case from flags: 2-anonymity over age, sex and zip of anon_people.csv with ARX
# hierarchy files; the report, the release (only the named columns), and its filled plan
# beside it, with no temporary file left
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$OUTIS" anonymize anon_people.csv --qi age,sex,zip --hierarchy age=anon_age.csv \
  --hierarchy sex=anon_sex.csv --hierarchy zip=anon_zip.csv --sensitive diagnosis --k 2 \
  -o "$tmp/out.csv" | sed -e "s|$tmp|TMP|g" -e 's/evaluated, [0-9.]* s$/evaluated, S s/'
echo "exit ${PIPESTATUS[0]}"
(cd "$tmp" && ls)
cat "$tmp/out.csv"
sed "s|$PWD|DATA|g" "$tmp/out.csv.plan.json"
