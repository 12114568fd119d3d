#!/usr/bin/env bash
# Runs one golden CLI test: tests/cli/<command>/<case>.sh, from tests/data, with $OUTIS the
# program. Compares stdout, stderr and the exit status with <case>.stdout, .stderr, .exit.
# --update rewrites the expected files instead.
set -u
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
case=$1
base=${case%.sh}
: "${OUTIS:?set OUTIS to the outis program}"
export OUTIS
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
bash "$case" >"$out" 2>"$err"
status=$?
if [ $update -eq 1 ]; then
  cp "$out" "$base.stdout"; cp "$err" "$base.stderr"; echo "$status" > "$base.exit"
  echo "updated $base"; exit 0
fi
fail=0
if [ "$status" != "$(cat "$base.exit")" ]; then
  echo "exit status $status, expected $(cat "$base.exit")"; fail=1
fi
diff -u "$base.stdout" "$out" || fail=1
diff -u "$base.stderr" "$err" || fail=1
exit $fail
