# 'outis help risk' prints the options to stdout
"$OUTIS" help risk
