# a ragged row in converted input: the line is still right
"$OUTIS" risk gb18030_ragged.csv --encoding GB18030 --qi 年龄
