# 13 class sizes (1..13): the text lists 12 and counts the rest
"$OUTIS" risk wide.csv --qi c1 --combinations none
