# two columns with one name: exit 3
"$OUTIS" risk dup_header.csv --qi b
