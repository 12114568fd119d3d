# anon_people.csv's records as JSON Lines: the same 2-anonymous release as from the CSV file
# (flags.sh), written as CSV
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
python3 csv_to.py jsonl anon_people.csv "$tmp/people.jsonl" || exit 99
run() {
  "$OUTIS" anonymize "$1" --qi age,sex,zip --hierarchy age=anon_age.csv \
    --hierarchy sex=anon_sex.csv --hierarchy zip=anon_zip.csv --sensitive diagnosis --k 2 \
    -o "$2" | sed -e "s|$tmp|TMP|g" -e 's/evaluated, [0-9.]* s$/evaluated, S s/'
  echo "exit ${PIPESTATUS[0]}"
}
run "$tmp/people.jsonl" "$tmp/from_jsonl.csv"
run anon_people.csv "$tmp/from_csv.csv" >/dev/null
cat "$tmp/from_jsonl.csv"
cmp "$tmp/from_jsonl.csv" "$tmp/from_csv.csv" && echo "same release"
