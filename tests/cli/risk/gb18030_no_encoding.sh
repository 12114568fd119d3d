# GB18030 input read as UTF-8
"$OUTIS" risk gb18030.csv --qi 年龄
