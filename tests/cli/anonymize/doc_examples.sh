# the examples of docs/anonymize.md, run as written from a copy of examples/: a plan with a
# new key, then age alone from flags; the key is random, so pseudonyms and dates are not shown
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/examples" && cp ../../examples/patients.csv ../../examples/patients_plan.json \
  ../../examples/patients_age.csv "$tmp/examples/" || exit 99
cd "$tmp" || exit 99
outis() { "$OUTIS" "$@"; }
mask_time() { sed 's/evaluated, [0-9.]* s$/evaluated, S s/'; }
outis keygen patients.key
outis anonymize examples/patients.csv --plan examples/patients_plan.json \
    --key-file patients.key -o release.csv | mask_time
echo "exit ${PIPESTATUS[0]}"
cut -d, -f2-4,6 release.csv | head -4
outis anonymize examples/patients.csv --qi age --hierarchy age=examples/patients_age.csv \
    --sensitive diagnosis --k 5 --l 2 -o release.csv | mask_time
echo "exit ${PIPESTATUS[0]}"
head -4 release.csv
ls
