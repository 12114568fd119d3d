# a header without records: exit 3
"$OUTIS" risk header_only.csv --qi a
