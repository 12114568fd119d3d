# an SQLite table (sqlite:PATH?table=NAME) with small.csv's records, zip missing as NULL: the
# same report as text.sh; a database with one table needs no ?table=
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
python3 csv_to.py sqlite small.csv "$tmp/one.db" people || exit 99
cp "$tmp/one.db" "$tmp/small.db"
python3 csv_to.py sqlite small_pop.csv "$tmp/small.db" population || exit 99
"$OUTIS" risk "sqlite:$tmp/small.db?table=people" --qi age,sex,zip --sensitive diagnosis,salary \
  2>&1 | sed "s|$tmp|TMP|g"
echo "exit ${PIPESTATUS[0]}"
"$OUTIS" risk "sqlite:$tmp/one.db" --qi age,sex,zip --population \
  "sqlite:$tmp/small.db?table=population" --combinations none 2>&1 | sed "s|$tmp|TMP|g"
echo "exit ${PIPESTATUS[0]}"
