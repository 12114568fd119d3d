# a directory, recursively: a binary file and a dangling link are skipped and counted, a file
# that is not UTF-8 is scanned as bytes with a warning, --exclude skips a directory and
# --include keeps only .txt files; exit 9 says something was skipped
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/d/logs" "$tmp/d/sub" || exit 99
cp scan_notes.txt "$tmp/d/notes.txt"
printf 'PNG\0\0 13812345678\n' >"$tmp/d/image.png"
printf 'caf\xe9 owner: li.wei@example.com\n' >"$tmp/d/sub/latin1.txt"
printf 'tel 13912345678\n' >"$tmp/d/logs/app.log"
printf 'tel 13912345678\n' >"$tmp/d/logs/old.txt"
ln -s missing.txt "$tmp/d/sub/gone.txt"
cd "$tmp" || exit 99
"$OUTIS" scan --today 2025-06-01 d
echo "exit $?"
"$OUTIS" scan --today 2025-06-01 d --exclude logs --include '*.txt' --include '*.png'
echo "exit $?"
"$OUTIS" scan --today 2025-06-01 d/logs --include '*.log'
echo "exit $?"
