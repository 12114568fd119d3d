# an unknown --sensitive column: exit 2
"$OUTIS" risk small.csv --qi age --sensitive diagnoses
