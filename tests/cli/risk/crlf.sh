# CRLF line endings: the last column (salary) is numeric, so t-closeness is ordered
"$OUTIS" risk crlf.csv --qi age,sex,zip --sensitive salary --combinations none
