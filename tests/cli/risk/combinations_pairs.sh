# --combinations pairs
"$OUTIS" risk small.csv --qi age,sex,zip --combinations pairs
