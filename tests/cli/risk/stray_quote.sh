# a quote inside an unquoted field
"$OUTIS" risk stray_quote.csv --qi a
