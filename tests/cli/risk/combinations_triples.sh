# --combinations triples
"$OUTIS" risk small.csv --qi age,sex,zip --combinations triples
