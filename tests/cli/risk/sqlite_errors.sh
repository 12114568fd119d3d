# SQLite errors: a table the database lacks and no table named among several list the tables
# (exit 2), as do an unknown column and a bad sqlite: source (exit 2); a file that is not a
# database and one that does not exist are bad input (exit 3); the database is not changed
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
python3 csv_to.py sqlite small.csv "$tmp/small.db" people || exit 99
python3 csv_to.py sqlite small_pop.csv "$tmp/small.db" population || exit 99
sum=$(cksum <"$tmp/small.db")
run() {
  "$OUTIS" risk "$@" --combinations none 2>&1 | sed "s|$tmp|TMP|g"
  echo "exit ${PIPESTATUS[0]}"
}
run "sqlite:$tmp/small.db?table=peple" --qi age
run "sqlite:$tmp/small.db" --qi age
run "sqlite:$tmp/small.db?table=people" --qi age,sexx
run "sqlite:$tmp/small.db?name=people" --qi age
run "sqlite:$tmp/small.db?table=peo%2" --qi age
run "sqlite:small.csv?table=people" --qi age
run "sqlite:$tmp/none.db?table=people" --qi age
[ "$(cksum <"$tmp/small.db")" = "$sum" ] && echo "database unchanged"
(cd "$tmp" && ls)
