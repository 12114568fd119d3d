# two conditions without a separator: exit 2
"$OUTIS" risk small.csv --qi age --fail-if 'k<2 and t>0.2'
