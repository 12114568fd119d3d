# an unterminated quote: the line and field where it began; exit 3
"$OUTIS" risk unterminated.csv --qi a
