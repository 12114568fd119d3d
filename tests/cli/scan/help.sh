# --help prints the usage on stdout with exit 0; `outis help scan` is the same
"$OUTIS" scan --help
"$OUTIS" help scan | cmp - <("$OUTIS" scan --help) && echo "help scan: the same"
