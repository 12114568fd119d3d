# a UTF-8 byte order mark is skipped: the first column is 'id', not '<BOM>id'
"$OUTIS" risk bom.csv --qi id,age --combinations singles
