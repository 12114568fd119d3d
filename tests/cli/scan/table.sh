# a table's text report: names, a resident ID with one wrong check character (88%), mobiles,
# free text with one e-mail address, age (a minor among them), sex, postcodes, 18-digit order
# numbers that are no IDs, credit codes (an organisation), diagnoses, timestamps
"$OUTIS" scan --today 2025-06-01 scan_table.csv
