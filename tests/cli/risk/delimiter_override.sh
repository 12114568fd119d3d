# --delimiter overrides sniffing: with ',' semicolon.csv has one column
"$OUTIS" risk semicolon.csv --qi age --delimiter ,
