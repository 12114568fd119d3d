# -o is required and must be a file (the release is read back): "-" and a device are usage
# errors (exit 2); an output that cannot be written, or a report that cannot be, fails with
# exit 4 and leaves nothing behind: no release, no plan, no temporary file; an earlier release
# at the same path is kept as it was
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
run() {
  "$OUTIS" anonymize anon_people.csv --qi age --hierarchy age=anon_age.csv --k 2 -q "$@" 2>&1 |
    sed "s|$tmp|TMP|g"
  echo "exit ${PIPESTATUS[0]}"
}
run
run -o -
run -o /dev/null
run -o "$tmp/no/such/dir/out.csv"
run -o "$tmp/out.csv" --report-json "$tmp/no/such/dir/r.json"
echo "left: $(cd "$tmp" && ls | tr '\n' ' ')"
echo "earlier release" >"$tmp/out.csv"
run -o "$tmp/out.csv" --report-json /dev/full
echo "left: $(cd "$tmp" && ls | tr '\n' ' ')"
cat "$tmp/out.csv"
mkdir "$tmp/ro" && chmod 500 "$tmp/ro"
if [ -w "$tmp/ro" ]; then # root writes anywhere: show what a user would see
  echo "outis: error: TMP/ro/out.csv: cannot write: Permission denied"
  echo "exit 4"
else
  run -o "$tmp/ro/out.csv"
fi
echo "left in ro: $(ls "$tmp/ro" | wc -l)"
