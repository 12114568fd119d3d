# an option without its value: exit 2
"$OUTIS" risk small.csv --qi
