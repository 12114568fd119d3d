# a class the population lacks is counted and takes F = f (here F = 1)
"$OUTIS" risk small.csv --qi age,sex,zip --population small_pop_partial.csv --threshold 0.3
