# an unknown metric in --fail-if: exit 2
"$OUTIS" risk small.csv --qi age --fail-if 'k<2, kanon<5'
