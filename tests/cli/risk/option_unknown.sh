# an unknown option: exit 2
"$OUTIS" risk small.csv --qi age --treshold 0.1
