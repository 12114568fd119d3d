# an unknown command: exit 2
"$OUTIS" rsik small.csv
