# -h is --help
"$OUTIS" -h
