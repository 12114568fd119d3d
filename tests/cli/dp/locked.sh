# a ledger locked by another process (an SQLite BEGIN EXCLUSIVE held by python3) makes
# outis dp give up after OUTIS_LEDGER_TIMEOUT_MS with exit 6, writing nothing; once the lock
# is gone nothing has been spent. The temporary path is shown as TMP.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export OUTIS_LEDGER=$tmp/l.db
"$OUTIS" budget set dp_visits.csv --epsilon 1 >/dev/null || exit
python3 - "$OUTIS_LEDGER" "$tmp/held" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
time.sleep(30)
PY
holder=$!
for _ in $(seq 500); do [ -e "$tmp/held" ] && break; sleep 0.02; done
[ -e "$tmp/held" ] || { echo "the lock was not taken"; kill "$holder"; exit 99; }
OUTIS_LEDGER_TIMEOUT_MS=200 "$OUTIS" dp dp_visits.csv --count --epsilon 0.5 --seed 1 \
  -o "$tmp/out.csv" 2>"$tmp/err"
status=$?
kill "$holder"
wait "$holder" 2>/dev/null
sed "s|$tmp|TMP|g" "$tmp/err" >&2
test -e "$tmp/out.csv" && echo "an output was written"
"$OUTIS" budget show dp_visits.csv | grep releases
exit $status
