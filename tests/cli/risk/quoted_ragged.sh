# a ragged row after fields with line breaks: the physical line (4) is reported
"$OUTIS" risk quoted_ragged.csv --qi a
