# --max-field with a suffix: 1k is enough for long_field.csv
"$OUTIS" risk long_field.csv --qi id,note --max-field 1k --combinations none
