# --l 3 with two classes (sex): diagnosis has a class of 2 values (fails for every c),
# salary holds for c > 2 (F: 3,3,4,5 -> 2/1; M: 1,1,2,2,4,5 -> 2/2)
"$OUTIS" risk small.csv --qi sex --sensitive diagnosis,salary --l 3
