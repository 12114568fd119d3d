# text after a closing quote
"$OUTIS" risk after_quote.csv --qi a
