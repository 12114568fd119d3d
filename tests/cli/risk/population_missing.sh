# a population file that does not exist: exit 3
"$OUTIS" risk small.csv --qi age --population no-such-population.csv
