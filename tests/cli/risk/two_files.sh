# two input files: exit 2
"$OUTIS" risk small.csv na.csv --qi age
