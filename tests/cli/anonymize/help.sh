# --help and 'outis help anonymize' print the usage on stdout (exit 0); bad flags exit 2
"$OUTIS" anonymize --help
echo "exit $?"
"$OUTIS" help anonymize | head -3
"$OUTIS" anonymize anon_people.csv --k two -o x.csv
echo "exit $?"
"$OUTIS" anonymize anon_people.csv --hierarchy age -o x.csv
echo "exit $?"
"$OUTIS" anonymize anon_people.csv -o x.csv
echo "exit $?"
"$OUTIS" anonymize anon_people.csv --decrypt -o x.csv
echo "exit $?"
