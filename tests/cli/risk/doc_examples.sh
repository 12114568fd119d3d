# the first two examples of docs/outis.1 and docs/outis.1.md, run as written from the source
# root (the second in a scratch copy of it, so risk.json lands there); fails if the pages
# no longer show these command lines
set -o pipefail
root=$(cd ../.. && pwd)
for page in "$root/docs/outis.1.md" "$root/docs/outis.1"; do
  # the page's text in a variable: grep -q on a pipe would end sed early, and pipefail
  # would count its SIGPIPE as a failure
  text=$(sed 's/\\-/-/g; s/\\(dq/"/g' "$page")
  grep -qF 'outis risk examples/patients.csv --qi age,sex,zip --sensitive diagnosis' <<<"$text" &&
    grep -qF 'outis risk examples/patients.csv --qi age,sex,zip --json -o risk.json' <<<"$text" &&
    grep -qF -- '--fail-if "k<5, records_at_risk>0.05"' <<<"$text" ||
    { echo "$page: the examples changed; update this test"; exit 99; }
done
cd "$root" || exit 99
# which of several tied classes is named "the worst" is an implementation detail
"$OUTIS" risk examples/patients.csv --qi age,sex,zip --sensitive diagnosis |
  sed -E 's/ \(a class of [0-9]+ records?\)//'
echo "exit $?"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ln -s "$root/examples" "$dir/examples"
cd "$dir" || exit 99
"$OUTIS" risk examples/patients.csv --qi age,sex,zip --json -o risk.json \
    --fail-if "k<5, records_at_risk>0.05"
status=$?
sed -n '/"classes": {/,/"k"/p; /"policy"/,$p' risk.json
exit $status
