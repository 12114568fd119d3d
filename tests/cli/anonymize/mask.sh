# masking keeps the first and last characters asked for and masks the rest with the given
# character; a value no longer than what is kept is masked whole; an insensitive column may
# be masked too
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/plan.json" <<'JSON'
{
  "columns": {
    "name": {"role": "identifying", "treatment": "mask", "keep_first": 2, "keep_last": 2, "char": "#"},
    "phone": {"role": "identifying", "treatment": "mask", "keep_last": 4},
    "zip": {"role": "quasi-identifying", "hierarchy": "DATA/anon_zip.csv"},
    "diagnosis": {"role": "insensitive", "treatment": "mask", "keep_first": 3, "keep_last": 3}
  },
  "criteria": {"k": 2}
}
JSON
sed -i "s|DATA|$PWD|" "$tmp/plan.json"
"$OUTIS" anonymize anon_people.csv --plan "$tmp/plan.json" -q -o "$tmp/out.csv" >/dev/null
echo "exit $?"
cat "$tmp/out.csv"
