# bytes that are not GB18030: line and byte offset in the file
"$OUTIS" risk gb18030_bad.csv --encoding gb18030 --qi 年龄
