# --fail-if with no condition that holds: exit 0
"$OUTIS" risk small.csv --qi sex --sensitive diagnosis --combinations none \
  --fail-if 'k<2 or uniques_share>0 || t>0.35 or c_recursive>3 or l_distinct<2'
