# --fail-if with a condition that holds: report, message, exit 1
"$OUTIS" risk small.csv --qi age,sex,zip --sensitive diagnosis --combinations none \
  --fail-if 'k<2, t>0.4, records>100'
