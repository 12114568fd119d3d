#!/usr/bin/env bash
# Validates `outis risk --json` reports, `outis dp --json` releases, `outis budget show
# --json` listings, `outis anonymize` reports and plans (the fixtures, the example and the
# filled plans of releases) and `outis scan --json` reports against docs/schema/{risk,dp,
# budget,anonymize-report,anonymize-plan,scan}.json with ajv-cli, when it is
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
anon_schema=$root/docs/schema/anonymize-report.json
plan_schema=$root/docs/schema/anonymize-plan.json
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
# The schema must also reject what outis does not write. must_reject SCHEMA BAD GOOD...: BAD
# differs from every GOOD (the edit that made it took) and the schema rejects it.
rejected=0
must_reject() {
  local schema=$1 bad=$2 good
  shift 2
  for good in "$@"; do
    if cmp -s "$bad" "$good"; then
      echo "schema_check: $(basename "$bad") was not altered" >&2
      exit 1
    fi
  done
  if ajv validate --spec=draft2020 --strict=true -s "$schema" -d "$bad" >/dev/null 2>&1; then
    echo "schema_check: $(basename "$bad") passed the schema but should not" >&2
    exit 1
  fi
  rejected=$((rejected + 1))
}
sed 's/"schema_version": 1/"schema_version": 2/' "$tmp/report1.json" >"$tmp/bad-version.json"
sed 's/"distance": "ordered"/"distance": "manhattan"/' "$tmp/report2.json" \
  >"$tmp/bad-distance.json"
sed 's/"c": null/"c": "infinity"/' "$tmp/report2.json" >"$tmp/bad-c.json"
for bad in "$tmp"/bad-*.json; do
  must_reject "$schema" "$bad" "$tmp"/report*.json
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
for bad in "$tmp"/bad-dp-*.json "$tmp"/bad-budget-*.json; do
  case $bad in
    */bad-dp-*) s=$dp_schema ;;
    *) s=$budget_schema ;;
  esac
  must_reject "$s" "$bad" "$tmp/dp1.json" "$tmp/budget1.json" "$tmp/budget2.json"
done

# outis anonymize: reports (flags, every transformation, rules with l-diversity, t-closeness,
# microaggregation, each metric) and their filled plans, the fixture and example plans.
key=$tmp/anon.key
cp anon_key.hex "$key" && chmod 600 "$key"
a=0
anon() {
  a=$((a + 1))
  "$outis" anonymize "$1" "${@:2}" -q --report-json "$tmp/anon$a.json" -o "$tmp/anon$a.csv" \
    >/dev/null
}
anon anon_people.csv --qi age,sex,zip --hierarchy age=anon_age.csv --hierarchy sex=anon_sex.csv \
  --hierarchy zip=anon_zip.csv --k 2
anon anon_people.csv --plan anon_plan.json --key-file "$key"
anon anon_people.csv --plan anon_rules.json --metric entropy
anon anon_people.csv --plan anon_micro.json --metric aecs
anon anon_people.csv --plan anon_rules.json --t 0.5 --k 1 --metric precision
anon anon_people.csv --plan anon_plan.json --key-file "$key" --l 2 --l-kind recursive --c 3 \
  --metric discernibility
anon "$root/examples/patients.csv" --plan "$root/examples/patients_plan.json" --key-file "$key"
anon anon_clinic.csv --qi zip --hierarchy zip=anon_zip.csv --sensitive diagnosis \
  --hierarchy diagnosis=anon_diagnosis.csv --k 2 --t 0.34 --t-kind hierarchical --suppression 0.12
ajv validate --spec=draft2020 --strict=true -s "$anon_schema" -d "$tmp/anon[0-9].json"
ajv validate --spec=draft2020 --strict=true -s "$plan_schema" -d "$tmp/anon[0-9].plan.json"
ajv validate --spec=draft2020 --strict=true -s "$plan_schema" \
  -d "{anon_plan,anon_rules,anon_micro,$root/examples/patients_plan}.json"
# ... and rejects what outis would refuse or does not write.
sed 's/"schema_version": 1/"schema_version": 2/' "$tmp/anon1.json" >"$tmp/bad-anon-version.json"
sed 's/"hold": true/"hold": false/' "$tmp/anon1.json" >"$tmp/bad-anon-hold.json"
sed '0,/"treatment": "generalize"/s//"treatment": "keep"/' "$tmp/anon1.json" \
  >"$tmp/bad-anon-qi.json"
sed 's/"treatment": "drop"/"treatment": "generalize"/' "$tmp/anon1.plan.json" \
  >"$tmp/bad-plan-role.json"
sed 's/"length": 12/"length": 12, "keep_first": 1/' "$tmp/anon2.plan.json" \
  >"$tmp/bad-plan-field.json"
sed 's/"person": "id"/"persons": "id"/' "$tmp/anon2.plan.json" >"$tmp/bad-plan-person.json"
sed 's/"width": 10/"width": 10, "cuts": [20]/' "$tmp/anon3.plan.json" >"$tmp/bad-plan-rule.json"
sed 's/"month",/"week",/' "$tmp/anon3.plan.json" >"$tmp/bad-plan-dates.json"
sed 's/"suppression": 0.1/"suppression": 1/' "$tmp/anon3.plan.json" >"$tmp/bad-plan-supp.json"
sed 's/"treatment": "keep"/"treatment": "mask"/' "$tmp/anon8.plan.json" >"$tmp/bad-plan-shier.json"
for bad in "$tmp"/bad-anon-*.json "$tmp"/bad-plan-*.json; do
  case $bad in
    */bad-anon-*) s=$anon_schema ;;
    *) s=$plan_schema ;;
  esac
  must_reject "$s" "$bad" "$tmp"/anon[0-9].json "$tmp"/anon[0-9].plan.json
done
# outis scan --json: tables (CSV, JSON Lines, every table of an SQLite database, a sample),
# text (a file, a directory with a binary file, a dangling link and a file that is not
# UTF-8, standard input), --show-values and --fail-on.
scan_schema=$root/docs/schema/scan.json
s=0
scan() {
  s=$((s + 1))
  local rc=0
  "$outis" scan --json -q --today 2025-06-01 "$@" >"$tmp/scan$s.json" 2>/dev/null || rc=$?
  [ $rc -eq 0 ] || [ $rc -eq 1 ] || [ $rc -eq 9 ]
}
mkdir -p "$tmp/tree/sub"
cp scan_notes.txt "$tmp/tree/notes.txt"
printf 'PNG\0\0 13812345678\n' >"$tmp/tree/image.png"
printf 'caf\xe9 li.wei@example.com\n' >"$tmp/tree/sub/latin1.txt"
ln -s missing.txt "$tmp/tree/sub/gone.txt"
python3 csv_to.py sqlite scan_table.csv "$tmp/scan.db" patients
python3 csv_to.py sqlite small.csv "$tmp/scan.db" people
python3 csv_to.py jsonl scan_table.csv "$tmp/scan.jsonl"
scan scan_table.csv
scan scan_table.csv scan_notes.txt --show-values --fail-on direct_identifier,cn_uscc
scan "$tmp/tree"
scan "sqlite:$tmp/scan.db" "$tmp/scan.jsonl" small.csv anon_people.csv
scan scan_table.csv --sample 3 --seed 1
scan - <scan_notes.txt
scan "$root/examples/scan_people.csv" "$root/examples/scan_notes.txt"
ajv validate --spec=draft2020 --strict=true -s "$scan_schema" -d "$tmp/scan[0-9].json"
sed 's/"role": "other"/"role": "unknown"/' "$tmp/scan1.json" >"$tmp/bad-scan-role.json"
sed 's/"header_strength": "none"/"header_strength": 0/' "$tmp/scan1.json" \
  >"$tmp/bad-scan-strength.json"
sed '0,/"preview": /s//"masked": /' "$tmp/scan2.json" >"$tmp/bad-scan-preview.json"
sed 's/"status": "binary"/"status": "skipped"/' "$tmp/scan3.json" >"$tmp/bad-scan-status.json"
for bad in "$tmp"/bad-scan-*.json; do
  must_reject "$scan_schema" "$bad" "$tmp"/scan[0-9].json
done
echo "schema_check: $n risk reports, $d dp releases, 4 budget listings, $a anonymize" \
  "reports and $((a + 4)) plans, $s scan reports valid; $rejected altered outputs" \
  "rejected"
