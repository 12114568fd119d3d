# the risk fixtures: small.csv (age, sex, zip, a diagnosis, a salary), the GB18030 table with
# Chinese headers, and the anonymization people table (names in Latin letters, phones)
"$OUTIS" scan --today 2025-06-01 small.csv
"$OUTIS" scan --today 2025-06-01 --encoding gb18030 gb18030.csv
"$OUTIS" scan --today 2025-06-01 anon_people.csv
