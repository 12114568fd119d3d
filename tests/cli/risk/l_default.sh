# recursive (c,2): F has flu 3, cancer 1 -> c = 3; M has 3,2,1 -> 3/3 = 1
"$OUTIS" risk small.csv --qi sex --sensitive diagnosis
