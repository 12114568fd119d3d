# the key file: missing, too short, malformed, readable by others (each exit 8, before the
# data is read), or not given at all though the plan needs one (exit 2); nothing is written
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
run() {
  "$OUTIS" anonymize anon_people.csv --plan anon_plan.json "$@" -o "$tmp/o.csv" 2>&1 |
    sed "s|$tmp|TMP|g"
  echo "exit ${PIPESTATUS[0]}"
}
run --key-file "$tmp/missing"
printf '0011223344' >"$tmp/short" && chmod 600 "$tmp/short"
run --key-file "$tmp/short"
printf '%064d\n' 0 | tr 0 g >"$tmp/bad" && chmod 600 "$tmp/bad"
run --key-file "$tmp/bad"
cp anon_key.hex "$tmp/open" && chmod 644 "$tmp/open"
run --key-file "$tmp/open"
grep -v key_file anon_plan.json | sed 's/"k": 2},/"k": 2}/' >"$tmp/nokey.json"
"$OUTIS" anonymize anon_people.csv --plan "$tmp/nokey.json" -o "$tmp/o.csv" 2>&1 |
  sed "s|$tmp|TMP|g"
echo "exit ${PIPESTATUS[0]}"
(cd "$tmp" && ls)
