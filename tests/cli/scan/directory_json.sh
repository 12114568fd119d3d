# a directory as JSON and SARIF: the findings, each file with findings or skipped, the totals;
# SARIF lists the skipped files as notifications of the invocation
set -o pipefail
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/d" || exit 99
cp scan_notes.txt "$tmp/d/notes.txt"
printf 'PNG\0\0 13812345678\n' >"$tmp/d/image.png"
printf 'caf\xe9 owner: li.wei@example.com\n' >"$tmp/d/latin1.txt"
ln -s missing.txt "$tmp/d/gone.txt"
cd "$tmp" || exit 99
"$OUTIS" scan --today 2025-06-01 --json d 2>/dev/null |
  sed 's/"version": "[0-9][^"]*"/"version": "X.Y.Z"/'
echo "exit $?"
"$OUTIS" scan --today 2025-06-01 --sarif d 2>/dev/null | sed -n '/"results"/,$p'
echo "exit $?"
