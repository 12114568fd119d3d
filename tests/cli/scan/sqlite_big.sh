# A SQLite table of more rows than the classifier's sample (131,072): a reservoir sample, then
# every row counted with the wide columns as hashes; roles as on a small table
set -o pipefail
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/big.sqlite" <<'PY' || exit 99
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute('CREATE TABLE people(id INTEGER, mobile TEXT, sex TEXT, note TEXT)')
db.executemany('INSERT INTO people VALUES (?, ?, ?, ?)',
               ((i, '138%08d' % (i * 7919 % 100000000), None if i % 7 == 0 else 'FM'[i % 2],
                 'routine') for i in range(140000)))
db.commit()
PY
"$OUTIS" scan --today 2025-06-01 --quiet "sqlite:$tmp/big.sqlite" 2>&1 | sed "s|$tmp|TMP|g"
echo "exit $?"
