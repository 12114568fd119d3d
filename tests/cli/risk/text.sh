# text report: classes of 1, 2, 3 and 4 records (small.csv; zip missing in one class),
# two sensitive attributes (diagnosis: equal distance; salary: ordered), combinations
"$OUTIS" risk small.csv --qi age,sex,zip --sensitive diagnosis,salary
