# a malformed --fail-if: the column where it fails; exit 2
"$OUTIS" risk small.csv --qi age --fail-if 'k<'
