# journalist risk: the worked example of REFERENCES.md 1.1 (f = 1,2,3,4;
# F = 2,5,6,20; threshold 0.3): journalist highest 0.5, average max(4/33, 0.16) = 0.16
"$OUTIS" risk small.csv --qi age,sex,zip --population small_pop.csv --threshold 0.3
