# a directory as input: exit 3
"$OUTIS" risk . --qi age
