#!/usr/bin/env bash
# Validates `outis scan --sarif` logs with Microsoft's SARIF Multitool (npm package
# @microsoft/sarif-multitool-linux, a self-contained Sarif.Multitool binary): a table with
# every kind of column, text files, a directory tree with skipped files and a non-ASCII
# name, standard input and the tables of an SQLite database. Fails on any error-level result
# (schema or rule errors); prints the warnings. When the tool is not found (set
# SARIF_MULTITOOL to its path, or install it: npm install @microsoft/sarif-multitool-linux),
# says so and exits 0. CTest does not run it, so building and testing outis never needs npm.
# usage: tests/sarif_check.sh [OUTIS]   (default: build/outis)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
outis=${1:-$root/build/outis}
tool=${SARIF_MULTITOOL:-}
if [ -z "$tool" ]; then
  for d in "$root/node_modules" "$HOME/node_modules" "$(npm root -g 2>/dev/null || true)"; do
    if [ -x "$d/@microsoft/sarif-multitool-linux/Sarif.Multitool" ]; then
      tool=$d/@microsoft/sarif-multitool-linux/Sarif.Multitool
      break
    fi
  done
fi
if [ -z "$tool" ] || [ ! -x "$tool" ]; then
  echo "sarif_check: skipped: Sarif.Multitool not found (set SARIF_MULTITOOL)"
  exit 0
fi
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root/tests/data"
mkdir -p "$tmp/tree/sub"
cp scan_notes.txt "$tmp/tree/notes.txt"
cp scan_notes.txt "$tmp/tree/sub/客户 记录.txt"
printf 'PNG\0\0 13812345678\n' >"$tmp/tree/image.png"
printf 'caf\xe9 li.wei@example.com\n' >"$tmp/tree/sub/latin1.txt"
ln -s missing.txt "$tmp/tree/sub/gone.txt"
python3 csv_to.py sqlite scan_table.csv "$tmp/scan.db" patients
n=0
sarif() {
  n=$((n + 1))
  local rc=0
  "$outis" scan --sarif -q --today 2025-06-01 "$@" >"$tmp/log$n.sarif" 2>/dev/null || rc=$?
  [ $rc -eq 0 ] || [ $rc -eq 1 ] || [ $rc -eq 9 ]
}
sarif scan_table.csv "$root/examples/scan_people.csv"
sarif scan_notes.txt "$root/examples/scan_notes.txt" --show-values
sarif "$tmp/tree"
sarif - <scan_notes.txt
sarif "sqlite:$tmp/scan.db" small.csv
errors=0
for ((i = 1; i <= n; i++)); do
  "$tool" validate "$tmp/log$i.sarif" --output "$tmp/val$i.sarif" >/dev/null 2>&1 || true
  python3 - "$tmp/log$i.sarif" "$tmp/val$i.sarif" <<'EOF' || errors=$((errors + 1))
import json, sys
log, val = sys.argv[1], json.load(open(sys.argv[2]))
results = [r for run in val["runs"] for r in run.get("results", [])]
bad = [r for r in results if r.get("level", "warning") == "error"]
rules = sorted(set(r["ruleId"] for r in results if r not in bad))
print("%s: %d errors, warnings: %s" % (log.split("/")[-1], len(bad), ", ".join(rules) or "none"))
for r in bad:
    print("  ", r["ruleId"], r["message"].get("text") or r["message"].get("arguments"))
sys.exit(1 if bad else 0)
EOF
done
if [ $errors -gt 0 ]; then
  echo "sarif_check: $errors of $n logs have errors" >&2
  exit 1
fi
echo "sarif_check: $n outis scan --sarif logs without errors"
