# 'outis risk --help' is 'outis help risk'
"$OUTIS" risk --help
