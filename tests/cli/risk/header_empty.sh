# a column without a name: exit 3
"$OUTIS" risk empty_header.csv --qi a
