#!/usr/bin/env bash
# tests/dp/crash.sh OUTIS: a crash of `outis dp` at any moment never leaves output without its
# charge in the ledger. First at the named points of OUTIS_TEST_CRASH (cli/cmd_dp.c), then by
# SIGKILL after a random delay, many times; the ledger is read with python3's sqlite3.
# CRASH_KILLS (default 150) sets the number of random kills; CRASH_SEED the bash RANDOM seed.
set -euo pipefail

outis=${1:?usage: crash.sh OUTIS}
data=$(cd "$(dirname "$0")/../data" && pwd)/dp_visits.csv
kills=${CRASH_KILLS:-150}
seed=${CRASH_SEED:-$$}
RANDOM=$seed

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/ledger.db
unset OUTIS_TEST_CRASH

fail() {
  echo "crash.sh: FAIL: $*" >&2
  echo "crash.sh: (CRASH_SEED=$seed)" >&2
  exit 1
}

# The query of every run below; its description in the ledger is "count,sum(spend) -> PATH".
query=(--privacy-unit person --count --sum spend:0:100 --epsilon 0.01 --seed 7 -q)

# release DESCRIPTION: how many open (not reset) releases have exactly this description.
charges() {
  python3 - "$OUTIS_LEDGER" "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = c.execute('SELECT count(*) FROM "release" WHERE reset_id IS NULL AND description = ?',
              (sys.argv[2],)).fetchone()[0]
print(n)
PY
}

"$outis" budget set "$data" --epsilon 1000000 >/dev/null || fail "budget set failed"

# What a complete release looks like (the seed fixes the noise), from a ledger of its own.
"$outis" budget set "$data" --epsilon 1 --ledger "$tmp/reference.db" >/dev/null ||
  fail "budget set failed"
"$outis" dp "$data" "${query[@]}" --ledger "$tmp/reference.db" >"$tmp/reference.csv" ||
  fail "the reference release failed"
[ -s "$tmp/reference.csv" ] || fail "the reference release is empty"

# ---- the injected crash points ----
for point in before-charge after-charge mid-output after-output; do
  dir=$tmp/$point
  mkdir "$dir"
  status=0
  # in a subshell, so that bash's "Killed" report goes to /dev/null
  (OUTIS_TEST_CRASH=$point "$outis" dp "$data" "${query[@]}" -o "$dir/out.csv" 2>"$dir/err"
    exit $?) 2>/dev/null || status=$?
  [ "$status" -eq 137 ] ||
    fail "$point: expected death by SIGKILL (137), got exit $status: $(cat "$dir/err")"
  n=$(charges "count,sum(spend) -> $dir/out.csv")
  tmps=$(find "$dir" -name 'out.csv.tmp.*' | wc -l)
  # The temporary file is opened (empty) before the charge, so that an unwritable target
  # costs no budget; until the charge it must stay empty.
  full=$(find "$dir" -name 'out.csv.tmp.*' -size +0 | wc -l)
  case $point in
    before-charge)
      [ "$n" -eq 0 ] || fail "$point: a charge was recorded"
      [ ! -e "$dir/out.csv" ] || fail "$point: out.csv exists"
      [ "$tmps" -le 1 ] || fail "$point: $tmps temporary files"
      [ "$full" -eq 0 ] || fail "$point: a temporary output file holds data before the charge"
      ;;
    after-charge)
      # The release is formatted in memory: nothing is written yet.
      [ "$n" -eq 1 ] || fail "$point: expected 1 charge, found $n"
      [ ! -e "$dir/out.csv" ] || fail "$point: out.csv exists"
      [ "$full" -eq 0 ] || fail "$point: a temporary output file holds data"
      ;;
    mid-output)
      # Half the release is in the temporary file: allowed only because it is charged.
      [ "$n" -eq 1 ] || fail "$point: expected 1 charge, found $n"
      [ ! -e "$dir/out.csv" ] || fail "$point: out.csv exists (not renamed atomically)"
      [ "$tmps" -le 1 ] || fail "$point: $tmps temporary files"
      for f in "$dir"/out.csv.tmp.*; do
        [ -e "$f" ] || continue
        size=$(wc -c <"$f")
        cmp -s "$f" <(head -c "$size" "$tmp/reference.csv") ||
          fail "$point: the temporary file is not a prefix of the release"
      done
      ;;
    after-output)
      [ "$n" -eq 1 ] || fail "$point: expected 1 charge, found $n"
      cmp -s "$dir/out.csv" "$tmp/reference.csv" || fail "$point: out.csv is not the whole release"
      [ "$tmps" -eq 0 ] || fail "$point: a temporary output file was left"
      ;;
  esac
  echo "crash point $point: exit 137, charges $n, out.csv $([ -e "$dir/out.csv" ] && echo present || echo absent), temporary files $tmps"
done

# ---- random kills ----
# How long one release takes here (a sanitizer build is several times slower): the kills are
# spread over 0 .. that (at least 0 .. 5 ms), so that they land before, during and after the
# charge whatever the build.
run_us=
for _ in 1 2 3; do # the fastest of three
  t0=$(date +%s%N)
  "$outis" dp "$data" "${query[@]}" -o "$tmp/timing.csv" || fail "a plain release failed"
  t1=$(date +%s%N)
  us=$(((t1 - t0) / 1000))
  [ -n "$run_us" ] && [ "$run_us" -le "$us" ] || run_us=$us
done
max_us=$((run_us > 5000 ? run_us : 5000))
echo "one release takes about $((run_us / 1000)) ms; killing after 0..$((max_us / 1000)) ms," \
  "$kills times (CRASH_SEED=$seed)"

mkdir "$tmp/kills"
finished=0
for i in $(seq 1 "$kills"); do
  "$outis" dp "$data" "${query[@]}" -o "$tmp/kills/out_$i.csv" 2>/dev/null &
  pid=$!
  us=$(((RANDOM * 32768 + RANDOM) % (max_us + 1)))
  sleep "$((us / 1000000)).$(printf '%06d' $((us % 1000000)))"
  kill -KILL "$pid" 2>/dev/null || true
  status=0
  wait "$pid" 2>/dev/null || status=$?
  case $status in
    0) finished=$((finished + 1)) ;;
    137) ;;
    *) fail "kill $i: outis exited $status" ;;
  esac
done

# Every output file or temporary file has its charge; a complete out_$i.csv is the whole
# release; the ledger is intact and outis agrees with it about what was spent.
python3 - "$OUTIS_LEDGER" "$tmp/kills" "$kills" "$tmp/reference.csv" "$finished" \
  <<'PY' || fail "the invariant does not hold (see above)"
import glob, os, sqlite3, sys

ledger, kdir, kills, reference, finished = sys.argv[1:6]
kills, finished = int(kills), int(finished)
ref = open(reference, "rb").read()
c = sqlite3.connect(ledger)
ok = c.execute("PRAGMA integrity_check").fetchall()
bad = []
if ok != [("ok",)]:
    bad.append("integrity_check: %r" % (ok,))
described = {}
for (d,) in c.execute('SELECT description FROM "release" WHERE reset_id IS NULL'):
    described[d] = described.get(d, 0) + 1
before = between = after = leftovers = 0
for i in range(1, kills + 1):
    out = os.path.join(kdir, "out_%d.csv" % i)
    # an empty temporary file is opened before the charge: only one with data counts
    temps = [t for t in glob.glob(out + ".tmp.*") if os.path.getsize(t) > 0]
    n = described.get("count,sum(spend) -> " + out, 0)
    if n > 1:
        bad.append("out_%d.csv: charged %d times" % (i, n))
    if (os.path.exists(out) or temps) and n == 0:
        bad.append("out_%d.csv: output exists (%s) without a charge"
                   % (i, ", ".join(os.path.basename(p) for p in [out] * os.path.exists(out) + temps)))
    if os.path.exists(out) and open(out, "rb").read() != ref:
        bad.append("out_%d.csv: not the whole release" % i)
    leftovers += bool(temps)
    for t in temps:
        if not ref.startswith(open(t, "rb").read()):
            bad.append("%s: not a prefix of the release" % os.path.basename(t))
    if n == 0:
        before += 1
    elif not os.path.exists(out):
        between += 1
    else:
        after += 1
print("kills landed: %d before the charge, %d between charge and output (%d leaving a "
      "temporary file), %d after output (%d of them after outis had finished)"
      % (before, between, leftovers, after, finished))
for b in bad:
    print("crash.sh: FAIL:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

# outis reads the same ledger: one release per charge row, each of epsilon 0.01.
python3 - "$OUTIS_LEDGER" "$outis" "$data" <<'PY' || fail "outis budget show disagrees with the ledger"
import json, sqlite3, subprocess, sys

ledger, outis, data = sys.argv[1:4]
rows, eps = sqlite3.connect(ledger).execute(
    'SELECT count(*), total(epsilon) FROM "release" WHERE reset_id IS NULL').fetchone()
shown = json.loads(subprocess.run([outis, "budget", "show", data, "--json"], check=True,
                                  capture_output=True, text=True).stdout)["budgets"][0]
if shown["releases"] != rows or abs(shown["spent"]["epsilon"] - eps) > 1e-9:
    print("crash.sh: FAIL: budget show says %d releases, epsilon %r; the ledger has %d, %r"
          % (shown["releases"], shown["spent"]["epsilon"], rows, eps), file=sys.stderr)
    sys.exit(1)
print("ledger: %d releases, epsilon %.2f spent, integrity ok" % (rows, eps))
PY
echo "crash.sh: ok"
