# t-closeness in a chosen ground distance: hierarchical over a diagnosis hierarchy (in
# anon_clinic.csv the classes are 1/4, 1/3 and 2/3 away: 1/3 for {flu, asthma}, moved across
# the root), equal on the same column, and the errors: ordered on words, a hierarchical
# distance without its hierarchy, a hierarchy for a column that is not sensitive, one that
# does not cover the values
run() { "$OUTIS" risk anon_clinic.csv --qi zip --sensitive diagnosis --combinations none "$@"; }
run --t-distance hierarchical --hierarchy diagnosis=anon_diagnosis.csv --json |
  python3 -c 'import json,sys; s=json.load(sys.stdin)["sensitive"][0]; print(s["distance"], json.dumps(s["t_closeness"]))'
run --t-distance equal | grep -E 'sensitive attribute|t-closeness  '
run --t-distance ordered; echo "exit $?"
run --t-distance hierarchical; echo "exit $?"
run --t-distance manhattan; echo "exit $?"
run --hierarchy diagnosis=anon_diagnosis.csv; echo "exit $?"
run --t-distance hierarchical --hierarchy zip=anon_zip.csv; echo "exit $?"
run --t-distance hierarchical --hierarchy diagnosis=anon_zip.csv; echo "exit $?"
