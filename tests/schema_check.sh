#!/usr/bin/env bash
# Validates `outis risk --json` reports, `outis dp --json` releases and `outis budget show
# --json` listings against docs/schema/{risk,dp,budget}.json with ajv-cli, when it is
# installed (npm install -g ajv-cli); otherwise says so and exits 0. CTest does not run it,
# so building and testing outis never needs npm. The dp releases are charged to a ledger in
# a temporary directory.
# usage: tests/schema_check.sh [OUTIS]   (default: build/outis)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
outis=${1:-$root/build/outis}
schema=$root/docs/schema/risk.json
dp_schema=$root/docs/schema/dp.json
budget_schema=$root/docs/schema/budget.json
if ! command -v ajv >/dev/null 2>&1; then
  echo "schema_check: skipped: ajv not found (npm install -g ajv-cli)"
  exit 0
fi
if [ ! -x "$outis" ]; then
  echo "schema_check: no program at $outis (build first, or pass its path)" >&2
  exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root/tests/data"
n=0
# One report per call; exit 1 (a --fail-if condition holds) still writes the report.
report() {
  n=$((n + 1))
  "$outis" risk "$@" --json -o "$tmp/report$n.json" 2>/dev/null || [ $? -eq 1 ]
}
report small.csv --qi age,sex,zip
report small.csv --qi age,sex,zip --sensitive diagnosis,salary --population small_pop.csv \
  --threshold 0.3 --fail-if 'k<2, t>0.9'
report small.csv --qi age,sex,zip --population small_pop_partial.csv --combinations none
report small.csv --qi sex --sensitive diagnosis,salary --l 3 --fail-if 'k<1'
report ragged.csv --qi a,b --skip-bad-rows --combinations singles
report gb18030.csv --encoding gb18030 --qi 年龄,性别 --sensitive 诊断 --combinations triples
report wide.csv --qi c1,c2,c3,c4,c5,c6,c7,c8,c9,c10,c11,c12,c13
report tab.tsv --qi age,sex --sensitive zip
report "$root/examples/patients.csv" --qi age,sex,zip --sensitive diagnosis
ajv validate --spec=draft2020 --strict=true -s "$schema" -d "$tmp/report*.json"
# The schema must also reject what outis does not write.
sed 's/"schema_version": 1/"schema_version": 2/' "$tmp/report1.json" >"$tmp/bad-version.json"
sed 's/"distance": "ordered"/"distance": "hierarchical"/' "$tmp/report2.json" \
  >"$tmp/bad-distance.json"
sed 's/"c": null/"c": "infinity"/' "$tmp/report2.json" >"$tmp/bad-c.json"
for bad in "$tmp"/bad-*.json; do
  if ajv validate --spec=draft2020 --strict=true -s "$schema" -d "$bad" >/dev/null 2>&1; then
    echo "schema_check: $(basename "$bad") passed the schema but should not" >&2
    exit 1
  fi
done

# outis dp --json: public keys, private selection (also releasing no group), a query file,
# Gaussian noise, every aggregate, and a seeded release.
visits=$root/examples/visits.csv
ledger=$tmp/ledger.db
"$outis" budget set "$visits" --epsilon 1000 --delta 1e-3 --ledger "$ledger" >/dev/null
d=0
release() {
  d=$((d + 1))
  "$outis" dp "$visits" --ledger "$ledger" --privacy-unit patient_id --json -q \
    -o "$tmp/dp$d.json" "$@"
}
release --by clinic --keys "$root/examples/visits_keys.csv" --count --mean cost:0:400 \
  --max-groups 2 --max-rows 3 --epsilon 2
release --query "$root/examples/dp_query.json"
release --by clinic,diagnosis --count --sum cost:0:1000 --epsilon 1 --delta 1e-6
release --by patient_id --count --epsilon 0.5 --delta 1e-6
release --sum cost:0:1000 --mean age:0:100 --quantile cost:0.9:0:2000 \
  --histogram age:0:100:10 --max-rows 5 --mechanism gaussian --epsilon 1 --delta 1e-6
release --by clinic --keys "$root/examples/visits_keys.csv" --histogram cost:0:500:4 \
  --granularity 0.01 --epsilon 1 --seed 7
grep -q '"groups": \[\]' "$tmp/dp4.json" ||
  { echo "schema_check: dp4.json should release no group" >&2; exit 1; }
ajv validate --spec=draft2020 --strict=true -s "$dp_schema" -d "$tmp/dp*.json"

# outis budget show --json: one budget, every budget, none, and one whose epsilon spent is
# infinite (rho spent, then the total delta lowered to 0).
"$outis" budget show "$visits" --json --ledger "$ledger" >"$tmp/budget1.json"
"$outis" budget set small.csv --epsilon 2 --dataset other --ledger "$ledger" >/dev/null
"$outis" budget show --json --ledger "$ledger" >"$tmp/budget2.json"
"$outis" budget show --json --ledger "$tmp/none.db" >"$tmp/budget3.json"
"$outis" budget set "$visits" --epsilon 1000 --delta 0 --ledger "$ledger" >/dev/null
"$outis" budget show "$visits" --json --ledger "$ledger" >"$tmp/budget4.json"
grep -q '"epsilon_spent": null' "$tmp/budget4.json" ||
  { echo "schema_check: budget4.json should have a null epsilon_spent" >&2; exit 1; }
ajv validate --spec=draft2020 --strict=true -s "$budget_schema" -d "$tmp/budget*.json"

# The dp and budget schemas must also reject what outis does not write.
sed 's/"schema_version": 1/"schema_version": 2/' "$tmp/dp1.json" >"$tmp/bad-dp-version.json"
sed '0,/"insecure_seed": false/s//"insecure_seed": true/' "$tmp/dp1.json" \
  >"$tmp/bad-dp-seed.json"
sed '0,/"statistic": "count",/s//"statistic": "count", "column": "clinic",/' "$tmp/dp1.json" \
  >"$tmp/bad-dp-count-column.json"
sed 's/"dataset": "\([0-9a-f]*\)"/"dataset": "\1x"/' "$tmp/dp1.json" >"$tmp/bad-dp-dataset.json"
sed 's/"command": "budget"/"command": "dp"/' "$tmp/budget1.json" >"$tmp/bad-budget-command.json"
sed '0,/"releases": [0-9]*/s//"releases": -1/' "$tmp/budget2.json" \
  >"$tmp/bad-budget-releases.json"
rejected=0
for bad in "$tmp"/bad-dp-*.json "$tmp"/bad-budget-*.json; do
  case $bad in
    */bad-dp-*) s=$dp_schema ;;
    *) s=$budget_schema ;;
  esac
  if cmp -s "$bad" "$tmp/dp1.json" || cmp -s "$bad" "$tmp/budget1.json" ||
     cmp -s "$bad" "$tmp/budget2.json"; then
    echo "schema_check: $(basename "$bad") was not altered" >&2
    exit 1
  fi
  if ajv validate --spec=draft2020 --strict=true -s "$s" -d "$bad" >/dev/null 2>&1; then
    echo "schema_check: $(basename "$bad") passed the schema but should not" >&2
    exit 1
  fi
  rejected=$((rejected + 1))
done
echo "schema_check: $n risk reports, $d dp releases and 4 budget listings valid;" \
  "$((3 + rejected)) altered outputs rejected"
