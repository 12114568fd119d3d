# GB18030 input with Chinese names and values, read with --encoding
"$OUTIS" risk gb18030.csv --encoding gb18030 --qi 年龄,性别 --sensitive 诊断
