# a metric of a figure that was not computed: exit 2
"$OUTIS" risk small.csv --qi age --fail-if 't>0.3'
