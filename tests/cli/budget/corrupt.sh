# a damaged ledger exits 6: page 2 (the budget table) overwritten, then a file that is not
# SQLite, for set and for show; the temporary path is shown as TMP and SQLite's own words
# after "corrupt:" (which vary between its versions) as ...
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$OUTIS" budget set small.csv --epsilon 1 --ledger "$tmp/l.db" >/dev/null || exit
head -c 4096 /dev/zero | tr '\0' '\377' | dd of="$tmp/l.db" bs=4096 seek=1 conv=notrunc 2>/dev/null
"$OUTIS" budget show small.csv --ledger "$tmp/l.db" 2>"$tmp/err"
echo "exit $?"
printf 'hello\n' >"$tmp/hello.db"
"$OUTIS" budget set small.csv --epsilon 1 --ledger "$tmp/hello.db" 2>>"$tmp/err"
echo "exit $?"
"$OUTIS" budget show --ledger "$tmp/hello.db" 2>>"$tmp/err"
status=$?
sed -E "s|$tmp|TMP|g; s/(ledger is corrupt:).*/\1 .../" "$tmp/err" >&2
exit $status
