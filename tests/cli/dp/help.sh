# dp --help goes to stdout with exit 0, and 'outis help dp' is the same
"$OUTIS" dp --help || exit
"$OUTIS" help dp | cmp - <("$OUTIS" dp --help) && echo "help dp: same"
