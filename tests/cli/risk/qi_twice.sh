# a column named twice: exit 2
"$OUTIS" risk small.csv --qi age,sex,age
