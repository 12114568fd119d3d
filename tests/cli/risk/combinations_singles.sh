# --combinations singles
"$OUTIS" risk small.csv --qi age,sex,zip --combinations singles
