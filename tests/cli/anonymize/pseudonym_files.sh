# the same key gives the same person the same pseudonym and the same date shift in another
# file (here the first three records alone, which also need less generalization); another
# key gives others
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cp anon_key.hex "$tmp/key" && chmod 600 "$tmp/key" || exit 99
head -4 anon_people.csv >"$tmp/three.csv"
"$OUTIS" anonymize anon_people.csv --plan anon_plan.json --key-file "$tmp/key" -q \
  -o "$tmp/all.csv" >/dev/null || exit
"$OUTIS" anonymize "$tmp/three.csv" --plan anon_plan.json --key-file "$tmp/key" --k 1 -q \
  -o "$tmp/three_out.csv" >/dev/null || exit
cut -d, -f1,7 "$tmp/all.csv" | head -4
cut -d, -f1,7 "$tmp/three_out.csv"
"$OUTIS" keygen "$tmp/key2" || exit
"$OUTIS" anonymize "$tmp/three.csv" --plan anon_plan.json --key-file "$tmp/key2" --k 1 -q \
  -o "$tmp/other.csv" >/dev/null || exit
if cmp -s <(cut -d, -f1 "$tmp/three_out.csv") <(cut -d, -f1 "$tmp/other.csv"); then
  echo "another key: same pseudonyms"
else
  echo "another key: other pseudonyms"
fi
