# -o FILE: the report goes to FILE (nothing on stdout), replacing it atomically; a failed
# write (/dev/full) is exit 4 and /dev/full stays a device
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
echo old >"$tmp/report.json"
"$OUTIS" scan --today 2025-06-01 --json scan_notes.txt -o "$tmp/report.json"
echo "exit $?"
grep -c '"entity"' "$tmp/report.json"
ls "$tmp"
"$OUTIS" scan scan_notes.txt -o /dev/full
echo "exit $?"
test -c /dev/full && echo "/dev/full is still a device"
"$OUTIS" scan scan_table.csv --sarif >/dev/full
echo "exit $?"
"$OUTIS" scan scan_notes.txt -o "$tmp/no/such/dir/r.txt" 2>&1 | sed "s|$tmp|TMP|g"
echo "exit ${PIPESTATUS[0]}"
