#!/usr/bin/env bash
# Validates `outis risk --json` reports against docs/schema/risk.json with ajv-cli, when it is
# installed (npm install -g ajv-cli); otherwise says so and exits 0. CTest does not run it,
# so building and testing outis never needs npm.
# usage: tests/schema_check.sh [OUTIS]   (default: build/outis)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
outis=${1:-$root/build/outis}
schema=$root/docs/schema/risk.json
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
echo "schema_check: $n reports valid, 3 altered reports rejected"
