# a field longer than --max-field: line and field; exit 3
"$OUTIS" risk long_field.csv --qi id --max-field 8
