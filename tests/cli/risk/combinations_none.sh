# --combinations none
"$OUTIS" risk small.csv --qi age,sex,zip --combinations none
