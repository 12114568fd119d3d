# an encoding iconv does not know: exit 2
"$OUTIS" risk small.csv --qi age --encoding klingon-8
