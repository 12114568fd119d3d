# '-' reads standard input
"$OUTIS" risk - --qi age,sex,zip --combinations none <small.csv
