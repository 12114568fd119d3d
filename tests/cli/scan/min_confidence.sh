# --min-confidence drops findings below it: 0.96 drops the e-mail address (0.95), 0.99 also
# the mobile number (0.98 with its keyword), keeping the ID and the credit code (0.99)
"$OUTIS" scan --today 2025-06-01 --min-confidence 0.96 scan_notes.txt
"$OUTIS" scan --today 2025-06-01 --min-confidence 0.99 scan_notes.txt | tail -1
