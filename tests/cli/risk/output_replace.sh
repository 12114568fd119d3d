# -o replaces an existing file whole, but a failed run leaves it alone
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'old report\nsecond line\n' > "$dir/report.txt"
"$OUTIS" risk ragged.csv --qi a -o "$dir/report.txt"
echo "exit $?"
cat "$dir/report.txt"
"$OUTIS" risk small.csv --qi sex --combinations none -o "$dir/report.txt"
echo "exit $?"
ls "$dir"
head -n 3 "$dir/report.txt"
