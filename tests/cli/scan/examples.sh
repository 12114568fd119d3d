# the example files of make demo: a table with Chinese and English personal columns and a
# text file of notes
cd ../.. || exit 99
"$OUTIS" scan --today 2025-06-01 examples/scan_people.csv examples/scan_notes.txt
