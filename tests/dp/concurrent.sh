#!/usr/bin/env bash
# tests/dp/concurrent.sh OUTIS: processes racing for one budget never overspend it. With a
# budget of epsilon 1, 12 `outis dp` started at once ask 0.1 each: exactly 10 are released
# (exit 0, 10 output files) and 2 refused (exit 5, no file); the ledger says epsilon 1 spent.
# Three rounds, each with a fresh ledger.
set -euo pipefail

outis=${1:?usage: concurrent.sh OUTIS}
data=$(cd "$(dirname "$0")/../data" && pwd)/dp_visits.csv
procs=12

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The default lock timeout (10 s) is what is tested: twelve charges take far less.
unset OUTIS_TEST_CRASH OUTIS_LEDGER_TIMEOUT_MS

fail() {
  echo "concurrent.sh: FAIL: round $round: $*" >&2
  exit 1
}

for round in 1 2 3; do
  dir=$tmp/round$round
  mkdir "$dir"
  export OUTIS_LEDGER=$dir/ledger.db
  "$outis" budget set "$data" --epsilon 1.0 >/dev/null || fail "budget set failed"
  # Start them together: each waits for the go file before it runs outis.
  pids=()
  for i in $(seq 1 "$procs"); do
    (
      while [ ! -e "$dir/go" ]; do sleep 0.001; done
      status=0
      "$outis" dp "$data" --privacy-unit person --count --epsilon 0.1 -q \
        -o "$dir/out_$i.csv" 2>"$dir/err_$i" || status=$?
      echo "$status" >"$dir/status_$i"
    ) &
    pids+=($!)
  done
  touch "$dir/go"
  for pid in "${pids[@]}"; do
    wait "$pid"
  done
  ok=0 refused=0
  for i in $(seq 1 "$procs"); do
    status=$(cat "$dir/status_$i")
    case $status in
      0) ok=$((ok + 1)) ;;
      5)
        refused=$((refused + 1))
        grep -q "budget exceeded" "$dir/err_$i" ||
          fail "process $i exited 5 without saying the budget is exceeded: $(cat "$dir/err_$i")"
        [ ! -e "$dir/out_$i.csv" ] || fail "process $i was refused but wrote out_$i.csv"
        ;;
      *) fail "process $i exited $status: $(cat "$dir/err_$i")" ;;
    esac
  done
  files=$(find "$dir" -name 'out_*.csv' | wc -l)
  leftovers=$(find "$dir" -name 'out_*.csv.tmp.*' | wc -l)
  if [ "$ok" -ne 10 ] || [ "$refused" -ne 2 ]; then
    fail "expected 10 released and 2 refused, got $ok released and $refused refused"
  fi
  [ "$files" -eq 10 ] || fail "expected 10 output files, found $files"
  [ "$leftovers" -eq 0 ] || fail "$leftovers temporary files were left"
  python3 - "$outis" "$data" <<'PY' || fail "the ledger does not show epsilon 1 spent in 10 releases"
import json, subprocess, sys

outis, data = sys.argv[1:3]
b = json.loads(subprocess.run([outis, "budget", "show", data, "--json"], check=True,
                              capture_output=True, text=True).stdout)["budgets"][0]
spent = b["spent"]["epsilon"]
print("  budget show: %d releases, epsilon %.12g spent of %g" % (b["releases"], spent,
                                                                 b["total"]["epsilon"]))
sys.exit(0 if b["releases"] == 10 and abs(spent - 1.0) <= 1e-9 else 1)
PY
  echo "round $round: $ok released, $refused refused (exit 5), $files output files"
done
echo "concurrent.sh: ok"
