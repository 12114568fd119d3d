# missing values: by default '', NA and NULL are one value (zip: 4 values, 2 unique);
# with --na '-,?,NA' the tokens -, ? and NA are, and '' is an ordinary value (3 values, 1 unique)
"$OUTIS" risk na.csv --qi zip
echo "exit $?"
"$OUTIS" risk na.csv --qi zip --na '-,?,NA'
