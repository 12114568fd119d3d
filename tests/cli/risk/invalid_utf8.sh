# invalid UTF-8 in a loaded column: line, field and byte offset; exit 3
"$OUTIS" risk bad_utf8.csv --qi a,c
