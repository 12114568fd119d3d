# -o FILE: the report goes to FILE, nothing to stdout, no temporary file is left
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$OUTIS" risk small.csv --qi age,sex,zip --combinations none -o "$dir/report.txt"
echo "exit $?"
ls "$dir"
cat "$dir/report.txt"
