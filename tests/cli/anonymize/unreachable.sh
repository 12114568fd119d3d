# criteria that cannot be met even with every quasi-identifier at its top level (exit 7): the
# message says what the top gives (one class of all 12 records, so k at most 12; diagnosis
# has 3 distinct values); suppression cannot help; nothing is written
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
run() {
  "$OUTIS" anonymize anon_people.csv --qi age,sex --hierarchy age=anon_age.csv \
    --hierarchy sex=anon_sex.csv "$@" -o "$tmp/o.csv" 2>&1 | sed "s|$tmp|TMP|g"
  echo "exit ${PIPESTATUS[0]}"
}
run --k 13
run --k 13 --suppression 0.5
run --k 2 --sensitive diagnosis --l 4
run --sensitive diagnosis --l 3 --l-kind entropy
run --sensitive diagnosis --l 3 --l-kind recursive --c 1.5
run --k 20 --sensitive diagnosis --l 5
(cd "$tmp" && ls)
