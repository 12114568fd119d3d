# -o /dev/null is written, not replaced
"$OUTIS" risk small.csv --qi sex -o /dev/null
status=$?
test -c /dev/null && echo "/dev/null is still a device"
exit $status
