# quoted fields: delimiters, doubled quotes and line breaks inside quotes; 5 records;
# name has 4 values ("Smith, J" twice, "Doe<LF>Jane", "Doe Jane", missing)
"$OUTIS" risk quoted.csv --qi name,note,city
