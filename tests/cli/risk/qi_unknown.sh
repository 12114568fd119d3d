# an unknown --qi column: the closest name and the columns; exit 2
"$OUTIS" risk small.csv --qi age,sexx
