# --help: the usage goes to stdout, exit 0
"$OUTIS" --help
