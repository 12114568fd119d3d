# an empty file: exit 3
"$OUTIS" risk empty.csv --qi age
