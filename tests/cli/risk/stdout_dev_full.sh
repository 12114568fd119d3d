# standard output is /dev/full: exit 4
"$OUTIS" risk small.csv --qi sex >/dev/full
