# -o into a directory that does not exist: exit 4
"$OUTIS" risk small.csv --qi sex -o /nonexistent-outis-dir/report.txt
