# --json -o FILE
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$OUTIS" risk small.csv --qi sex --combinations none --json --output "$dir/report.json"
echo "exit $?"
ls "$dir"
sed 's/"version": "[0-9][^"]*"/"version": "X.Y.Z"/' "$dir/report.json"
