# a DATA file that cannot be read is bad input (exit 3)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$OUTIS" budget show no_such_file.csv --ledger "$tmp/l.db"
