# -o /dev/full: the write fails, exit 4 (and /dev/full stays a device)
"$OUTIS" risk small.csv --qi sex -o /dev/full
status=$?
test -c /dev/full && echo "/dev/full is still a device"
exit $status
