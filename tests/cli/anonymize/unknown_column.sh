# an unknown column is a usage error (exit 2) that suggests the closest: in a plan (a column,
# a shift-date's person), in --qi, --sensitive or --keep; --hierarchy for a column that is
# not a generalized quasi-identifier; a column named by two of --qi, --sensitive, --keep
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cp anon_age.csv anon_key.hex "$tmp/" && chmod 600 "$tmp/anon_key.hex" || exit 99
run() {
  "$OUTIS" anonymize anon_people.csv "$@" -o "$tmp/o.csv" 2>&1 | sed "s|$tmp|TMP|g"
  echo "exit ${PIPESTATUS[0]}"
}
echo '{"columns": {"agee": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}}, "criteria": {"k": 2}}' >"$tmp/p.json"
run --plan "$tmp/p.json"
echo '{"columns": {"age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}, "visit": {"role": "insensitive", "treatment": "shift-date", "person": "idd"}}, "criteria": {"k": 2}, "key_file": "anon_key.hex"}' >"$tmp/p.json"
run --plan "$tmp/p.json"
run --qi agee --hierarchy agee=anon_age.csv --k 2
run --qi age --hierarchy age=anon_age.csv --k 2 --sensitive diagnose --l 2
run --qi age --hierarchy age=anon_age.csv --k 2 --keep Name
run --qi age --hierarchy age=anon_age.csv --hierarchy sex=anon_sex.csv --k 2
run --qi age --k 2
run --qi age --hierarchy age=anon_age.csv --sensitive age --k 2
(cd "$tmp" && ls)
