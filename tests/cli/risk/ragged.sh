# a row with too few fields: file, line, expected and found counts; exit 3
"$OUTIS" risk ragged.csv --qi a
