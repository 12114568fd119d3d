# 'outis help' alone is --help
"$OUTIS" help
