# outis keygen writes 64 hex digits and a newline with mode 0600, refuses to overwrite a
# file (exit 4), and needs one file name (exit 2); two keys differ
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$OUTIS" keygen "$tmp/k1"
echo "exit $?"
stat -c '%a %s' "$tmp/k1"
grep -cE '^[0-9a-f]{64}$' "$tmp/k1"
"$OUTIS" keygen "$tmp/k2" && ! cmp -s "$tmp/k1" "$tmp/k2" && echo "two keys differ"
"$OUTIS" keygen "$tmp/k1" 2>&1 | sed "s|$tmp|TMP|g"
echo "exit ${PIPESTATUS[0]}"
"$OUTIS" keygen "$tmp/no/dir/k" 2>&1 | sed "s|$tmp|TMP|g"
echo "exit ${PIPESTATUS[0]}"
"$OUTIS" keygen
echo "exit $?"
"$OUTIS" keygen --help
echo "exit $?"
