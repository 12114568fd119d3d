# budget --help goes to stdout with exit 0, and 'outis help budget' is the same
"$OUTIS" budget --help || exit
"$OUTIS" help budget | cmp - <("$OUTIS" budget --help) && echo "help budget: same"
