# no --qi: exit 2
"$OUTIS" risk small.csv
