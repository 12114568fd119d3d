# --fail-on with a name that is neither a role nor an entity: exit 2, naming the closest
"$OUTIS" scan scan_notes.txt --fail-on cn_mobil
echo "exit $?"
"$OUTIS" scan scan_notes.txt --fail-on ,
