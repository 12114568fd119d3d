# --qi with no names: exit 2
"$OUTIS" risk small.csv --qi ,
