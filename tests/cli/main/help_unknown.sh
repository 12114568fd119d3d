# help for an unknown command: exit 2
"$OUTIS" help rsik
