# bad option values: each is a usage error (exit 2); the last status is the script's
status=0
for args in "--threshold 1.5" "--threshold abc" "--threshold -0.1" "--l 0" "--l 1001" "--l x" \
    "--combinations all" "--max-field 0" "--max-field 10x" "--threads 0" "--threads 65" \
    "--delimiter ab" "--delimiter \""; do
  # shellcheck disable=SC2086
  "$OUTIS" risk small.csv --qi age $args
  status=$?
  echo "$args: exit $status"
done
exit $status
