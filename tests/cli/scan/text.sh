# a text file: each finding with file, line, byte offset, entity, confidence and a masked
# preview; the order number whose check character is wrong is not reported
"$OUTIS" scan --today 2025-06-01 scan_notes.txt
