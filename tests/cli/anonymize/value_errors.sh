# values a transformation cannot take are bad input (exit 3), found before the search, naming
# the column and the record, never the value: too few digits for FF1's domain of 10^6, a date
# that is not ISO, a column to microaggregate that is not numeric or has fewer values than k
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cp anon_key.hex "$tmp/key" && chmod 600 "$tmp/key" || exit 99
plan() {
  printf '{"columns": {"sex": {"role": "quasi-identifying", "hierarchy": {"tree": {"F": "*", "M": "*"}}}, %s}, "criteria": {"k": 2}}\n' \
    "$1" >"$tmp/p.json"
  "$OUTIS" anonymize anon_people.csv --plan "$tmp/p.json" --key-file "$tmp/key" \
    -o "$tmp/o.csv" 2>&1 | sed "s|$tmp|TMP|g"
  echo "exit ${PIPESTATUS[0]}"
}
plan '"age": {"role": "identifying", "treatment": "encrypt"}'
plan '"zip": {"role": "identifying", "treatment": "encrypt", "alphabet": "012"}'
plan '"phone": {"role": "identifying", "treatment": "encrypt", "alphabet": "01234"}'
plan '"name": {"role": "insensitive", "treatment": "shift-date", "person": "id"}'
plan '"name": {"role": "quasi-identifying", "treatment": "microaggregate"}'
plan '"age": {"role": "quasi-identifying", "treatment": "microaggregate", "k": 13}'
(cd "$tmp" && ls)
