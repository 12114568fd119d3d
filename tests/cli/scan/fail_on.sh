# --fail-on: exit 1 on a role or an entity of a column or a finding, with the first match on
# stderr; 0 when nothing it names is there (the report is written either way)
"$OUTIS" scan scan_table.csv --fail-on direct_identifier >/dev/null
echo "exit $?"
"$OUTIS" scan scan_table.csv --fail-on organisation_identifier,email >/dev/null
echo "exit $?"
"$OUTIS" scan scan_table.csv --fail-on us_ssn,iban >/dev/null
echo "exit $?"
"$OUTIS" scan scan_notes.txt --fail-on " cn_uscc " >/dev/null
echo "exit $?"
"$OUTIS" scan scan_notes.txt --fail-on quasi_identifier,sensitive_attribute >/dev/null
echo "exit $?"
"$OUTIS" scan scan_notes.txt --fail-on direct_identifier --json -o /dev/null
echo "exit $?"
