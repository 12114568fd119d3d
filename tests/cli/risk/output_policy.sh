# -o with a --fail-if that holds: the report is written, then exit 1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$OUTIS" risk small.csv --qi sex --combinations none --fail-if 'k<5' -o "$dir/r.txt"
status=$?
tail -n 3 "$dir/r.txt"
exit $status
