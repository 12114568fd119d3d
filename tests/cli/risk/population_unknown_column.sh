# a population without one of the QIs: exit 2
"$OUTIS" risk small.csv --qi age,diagnosis --population small_pop.csv
