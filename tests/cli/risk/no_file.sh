# no input file: exit 2
"$OUTIS" risk --qi age
