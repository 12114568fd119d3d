# a column both a QI and sensitive: exit 2
"$OUTIS" risk small.csv --qi age,sex --sensitive sex
