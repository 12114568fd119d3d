# a ledger that is not an SQLite database (garbage), or whose budget page is overwritten,
# exits 6 and releases nothing; the temporary path is shown as TMP and SQLite's own words
# after "corrupt:" as ...
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
yes garbage | head -c 8192 >"$OUTIS_LEDGER"
"$OUTIS" dp dp_visits.csv --count --epsilon 1 --seed 1 -o "$tmp/out.csv" 2>"$tmp/err"
echo "exit $?"
"$OUTIS" budget set dp_visits.csv --epsilon 1 --ledger "$tmp/l2.db" >/dev/null || exit
head -c 4096 /dev/zero | tr '\0' '\377' | dd of="$tmp/l2.db" bs=4096 seek=1 conv=notrunc 2>/dev/null
"$OUTIS" dp dp_visits.csv --count --epsilon 1 --seed 1 --ledger "$tmp/l2.db" 2>>"$tmp/err"
status=$?
sed -E "s|$tmp|TMP|g; s/(ledger is corrupt:).*/\1 .../" "$tmp/err" >&2
test -e "$tmp/out.csv" && echo "an output was written"
exit $status
