# an input file that does not exist: exit 3
"$OUTIS" risk no-such-file.csv --qi age
